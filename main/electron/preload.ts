// The renderer's only door to the app: `window.sophon` with invoke (allow-listed channels) and the
// counter's state stream. ipcRenderer itself is never exposed. Runs sandboxed (no Node APIs).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, IPC_PREFIX, STATE_CHANNEL } from './ipc-channels.js';

const allowed = new Set<string>(IPC_CHANNELS);

contextBridge.exposeInMainWorld('sophon', {
  invoke: (channel: string, payload?: unknown) => {
    if (!allowed.has(channel)) return Promise.resolve({ ok: false, error: { status: 404, reason: 'UNKNOWN_CHANNEL', message: `no such channel: ${channel}` } });
    return ipcRenderer.invoke(IPC_PREFIX + channel, payload);
  },
  on: (channel: 'counter-state', listener: (payload: unknown) => void) => {
    if (channel !== 'counter-state') return () => {};
    const h = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(STATE_CHANNEL, h);
    return () => void ipcRenderer.removeListener(STATE_CHANNEL, h);
  },
});
