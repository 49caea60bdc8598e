// The window's security settings (Electron's security checklist), kept free of Electron runtime
// imports so that a plain-Node test can read them and fail on any regression.
import type { BrowserWindowConstructorOptions } from 'electron';
import { SCREENS_CSP } from '../common/csp.js';

/** The app's own origin: the screens are served through this protocol, never file://. */
export const APP_SCHEME = 'sophon';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Strict CSP for the screens (one policy for the web build and the app). */
export const APP_CSP = SCREENS_CSP;

/** The only permission the screens ever get: the camera. */
export const ALLOWED_PERMISSIONS: readonly string[] = ['media'];

export function windowOptions(preload: string, packaged: boolean, kiosk: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 720,
    minWidth: 1280,
    minHeight: 720,
    show: false,
    kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f5f5f5',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick', // no middle-click navigation
      devTools: !packaged,
    },
  };
}
