// Boot: pick the transport (IPC inside the desktop app, HTTP/SSE in a browser), then render.
import { createRoot } from 'react-dom/client';
import { createTransport } from './api/ipc-transport.js';
import { App } from './app/App.js';
import './app/global.css';
import './i18n/index.js';

const api = await createTransport();
createRoot(document.getElementById('root')!).render(<App api={api} />);
