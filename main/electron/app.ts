// The desktop app's main process: one instance, the shared composition with the engine in utilityProcesses and a locked-down window, graceful shutdown.
// Everything it wires is plain Node and tested without Electron (test/app, test/server, …).
import path from 'node:path';
import { app, clipboard, dialog } from 'electron';
import { ChainDecoder, PassThroughDecoder } from '../reader/photo/decoder.js';
import { IsolatedWltDecoder } from '../reader/photo/isolated-decoder.js';
import { AppComposition } from '../app/composition.js';
import { bindIpc } from './ipc.js';
import { openLogFile } from './log-file.js';
import { registerAppScheme, serveScreens } from './protocol.js';
import { utilityWorkerFactory } from './utility-workers.js';
import { createWindow, lockDownSession } from './window.js';

const root = app.isPackaged ? process.resourcesPath : path.resolve(import.meta.dirname, '../../..');
const modelsDir = path.join(root, 'models');
const webRoot = app.isPackaged ? path.join(process.resourcesPath, 'app.asar', 'dist', 'renderer') : path.join(root, 'dist', 'renderer');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  const dataDir = app.getPath('userData');
  const { log, file: logFile } = openLogFile(path.join(dataDir, 'logs'));
  const version = app.getVersion();
  const lastErrors: string[] = [];
  process.on('uncaughtException', (e) => {
    lastErrors.push(`${new Date().toISOString()} ${e.name}`);
    log.error({ name: e.name }, 'uncaught exception');
  });
  const wlt = process.env.SOPHONMATCH_WLT_LIBRARY;
  const composition = new AppComposition({
    dataDir,
    log,
    version,
    decoder: wlt ? new ChainDecoder(new IsolatedWltDecoder(wlt)) : new PassThroughDecoder(),
    engineFactory: utilityWorkerFactory(modelsDir),
    engine: { modelsDir },
    logFile,
    openWindow: (services) => {
      const settings = services.settings.get();
      const win = createWindow(settings.kiosk);
      const diagnostics = () => {
        const info = { ...services.diagnostics(), uncaught: lastErrors.slice(-10) };
        clipboard.writeText(JSON.stringify(info, null, 2));
        return info;
      };
      const unbind = bindIpc(win, services, diagnostics);
      win.on('closed', unbind);
    },
  });

  app.on('second-instance', () => {
    // The running instance comes to the front instead.
  });
  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting) return;
    e.preventDefault();
    quitting = true;
    void composition.stop().finally(() => app.exit(0));
  });

  void app.whenReady().then(async () => {
    lockDownSession();
    serveScreens(webRoot);
    try {
      await composition.start();
      log.info({ version }, 'SophonMatch started');
    } catch (e) {
      log.fatal({ message: (e as Error).message }, 'SophonMatch could not start');
      dialog.showErrorBox('SophonMatch could not start', (e as Error).message);
      app.exit(1);
    }
  });
}
