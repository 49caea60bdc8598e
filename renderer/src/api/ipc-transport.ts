// The desktop app's transport: the preload script exposes `window.sophon` (contextBridge), a
// small invoke/subscribe API; the main process validates every message with the same schemas.
import { ApiError, type SophonApi } from './sophon-api.js';

export interface SophonBridge {
  invoke(channel: string, payload?: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: { status: number; reason: string; message: string; fields?: Record<string, string> } }>;
  on(channel: 'counter-state', listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    sophon?: SophonBridge;
  }
}

export class IpcTransport implements SophonApi {
  readonly transport = 'ipc' as const;
  constructor(private readonly bridge: SophonBridge) {}

  private async call<T>(channel: string, payload?: unknown): Promise<T> {
    const r = await this.bridge.invoke(channel, payload);
    if (!r.ok) throw new ApiError(r.error.status, r.error.reason, r.error.message, r.error.fields);
    return r.value as T;
  }

  login = (username: string, password: string) => this.call<Awaited<ReturnType<SophonApi['login']>>>('login', { username, password });
  logout = () => this.call<void>('logout');
  /** The window's session lives in the main process: a reload finds it there while it lasts. */
  resume = async (stored: Parameters<SophonApi['resume']>[0]) => {
    try {
      const a = await this.call<{ username: string; role: typeof stored.role }>('account');
      return { ...stored, username: a.username, role: a.role };
    } catch {
      return null;
    }
  };
  watchCounter(onState: Parameters<SophonApi['watchCounter']>[0]): () => void {
    void this.call<Parameters<typeof onState>[0]>('counter-state').then(onState);
    return this.bridge.on('counter-state', (s) => onState(s as Parameters<typeof onState>[0]));
  }
  checkFrame = (frame: string) => this.call<Awaited<ReturnType<SophonApi['checkFrame']>>>('frame-check', { frame });
  compare = (placement_id: string, attempt: number, frames: string[]) => this.call<Awaited<ReturnType<SophonApi['compare']>>>('compare', { placement_id, attempt, frames });
  retry = async (placement_id: string, attempt: number) => void (await this.call('retry', { placement_id, attempt }));
  override = (event_id: string, reason: string) => this.call<Awaited<ReturnType<SophonApi['override']>>>('override', { event_id, reason });
  bandDecision = (event_id: string, decision: 'pass' | 'fail', comment: string) => this.call<Awaited<ReturnType<SophonApi['bandDecision']>>>('band-decision', { event_id, decision, comment });
  receipt = (id: string) => this.call<Awaited<ReturnType<SophonApi['receipt']>>>('receipt', { id });
  listEvents = (q: Record<string, string | undefined>) => this.call<Awaited<ReturnType<SophonApi['listEvents']>>>('events', q);
  getEvent = (id: string) => this.call<Awaited<ReturnType<SophonApi['getEvent']>>>('event', { id });
  review = (id: string, state: 'confirmed' | 'overridden', comment: string, expected?: 'pass' | 'fail') => this.call<void>('review', { id, state, comment, ...(expected ? { expected } : {}) });
  stats = (q: Record<string, string | undefined>) => this.call<Awaited<ReturnType<SophonApi['stats']>>>('stats', q);
  exportCsv = async (q: Record<string, string | undefined>) => new Blob([await this.call<string>('events-csv', q)], { type: 'text/csv' });
  settings = () => this.call<Awaited<ReturnType<SophonApi['settings']>>>('settings');
  saveSettings = (patch: Parameters<SophonApi['saveSettings']>[0]) => this.call<Awaited<ReturnType<SophonApi['saveSettings']>>>('settings-save', patch);
  readerPorts = () => this.call<string[]>('reader-ports');
  diagnostics = () => this.call<string>('diagnostics');
  audit = () => this.call<Awaited<ReturnType<SophonApi['audit']>>>('audit');
  auditLog = (q: Record<string, string | undefined>) => this.call<Awaited<ReturnType<SophonApi['auditLog']>>>('audit-log', q);
  dashboard = (q: Record<string, string | undefined>) => this.call<Awaited<ReturnType<SophonApi['dashboard']>>>('dashboard', q);
  unmaskEvent = (id: string, reason: string) => this.call<Awaited<ReturnType<SophonApi['unmaskEvent']>>>('event-unmask', { id, reason });
  // The CSV text as the server makes it (BOM first): a Blob keeps the bytes as they are.
  exportAuditCsv = async (q: Record<string, string | undefined>) => new Blob([await this.call<string>('audit-csv', q)], { type: 'text/csv;charset=utf-8' });
}

export const createTransport = async (): Promise<SophonApi> => {
  if (window.sophon) return new IpcTransport(window.sophon);
  const { HttpTransport } = await import('./http-transport.js');
  return new HttpTransport();
};
