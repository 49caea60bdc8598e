// The renderer's only door to the app: `window.sophon` with invoke (an operation's channel, by
// name: main/electron/ipc-channels.ts) and the counter's state stream. ipcRenderer itself is never exposed. Runs sandboxed (no Node APIs).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_PREFIX, isChannelName, STATE_CHANNEL } from './ipc-channels.js';

const unknownChannel = (channel: unknown) => ({
  ok: false,
  error: { status: 404, reason: 'UNKNOWN_CHANNEL', message: `no such channel: ${String(channel).slice(0, 64)}` },
});

contextBridge.exposeInMainWorld('sophon', {
  invoke: (channel: string, payload?: unknown) => {
    if (!isChannelName(channel)) return Promise.resolve(unknownChannel(channel));
    // A name of that form the main process has no handler for (not an operation) is refused there.
    return ipcRenderer.invoke(IPC_PREFIX + channel, payload).catch(() => unknownChannel(channel));
  },
  on: (channel: 'counter-state', listener: (payload: unknown) => void) => {
    if (channel !== 'counter-state') return () => {};
    const h = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(STATE_CHANNEL, h);
    return () => void ipcRenderer.removeListener(STATE_CHANNEL, h);
  },
});
