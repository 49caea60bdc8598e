// The app's window, locked down: no navigation away from the app, no new windows, the camera and
// no other permission, devtools only in development builds.
import path from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { ALLOWED_PERMISSIONS, APP_ORIGIN, windowOptions } from './window-options.js';

export function lockDownSession(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const media = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(ALLOWED_PERMISSIONS.includes(permission) && details.requestingUrl.startsWith(APP_ORIGIN) && media.every((m) => m === 'video'));
  });
  s.setPermissionCheckHandler((_wc, permission, origin) => ALLOWED_PERMISSIONS.includes(permission) && origin.startsWith(APP_ORIGIN));
}

export function createWindow(kiosk: boolean): BrowserWindow {
  const win = new BrowserWindow(windowOptions(path.join(import.meta.dirname, 'preload.cjs'), app.isPackaged, kiosk));
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(APP_ORIGIN)) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html#/counter`);
  return win;
}
