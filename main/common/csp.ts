// The screens' content security policy, for the web build (served by `serve`) and the desktop app
// (its sophon:// protocol): scripts only from the app's own origin, nothing remote.
export const SCREENS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
