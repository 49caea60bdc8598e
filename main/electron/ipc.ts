// Binds the transport-neutral IPC handlers to ipcMain for one window: only frames from the app's
// own origin are answered; the counter's state is pushed to the window as it changes.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { AppServices } from '../app/composition.js';
import { createIpcHandlers } from '../app/ipc-handlers.js';
import type { CounterState } from '../contracts/counter-api.js';
import { OPERATION_NAMES } from '../contracts/operations.js';
import { IPC_PREFIX, STATE_CHANNEL } from './ipc-channels.js';
import { APP_ORIGIN } from './window-options.js';

export function bindIpc(win: BrowserWindow, services: AppServices, diagnostics: () => Record<string, unknown>): () => void {
  const handlers = createIpcHandlers({
    store: services.store,
    counter: services.counter!,
    settings: services.settings,
    applySettings: services.applySettings,
    diagnostics,
  });
  const fromApp = (e: IpcMainInvokeEvent) => e.sender === win.webContents && (e.senderFrame?.url ?? '').startsWith(APP_ORIGIN);
  for (const ch of OPERATION_NAMES) {
    ipcMain.handle(IPC_PREFIX + ch, async (e, payload: unknown) => {
      if (!fromApp(e)) return { ok: false, error: { status: 403, reason: 'FORBIDDEN_ORIGIN', message: 'not from the app' } };
      return handlers.invoke(ch, payload);
    });
  }
  // Each change is pushed as this window's user may see it; nothing when nobody is signed in.
  const push = () => {
    const s: CounterState | null = handlers.counterState();
    if (s) win.webContents.send(STATE_CHANNEL, s);
  };
  services.counter?.on('state', push);
  return () => {
    for (const ch of OPERATION_NAMES) ipcMain.removeHandler(IPC_PREFIX + ch);
    services.counter?.off('state', push);
  };
}
