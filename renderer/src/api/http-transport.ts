// The web build's transport: fetch for requests, server-sent events for the counter's state.
import { ApiError, SESSION_ENDED_EVENT, type AuditEntry, type CounterState, type EventDetail, type EventPage, type EventQuery, type Session, type SophonApi } from './sophon-api.js';

const qs = (q: EventQuery) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

export class HttpTransport implements SophonApi {
  readonly transport = 'http' as const;
  private token: string | null = null;

  constructor(private readonly base = '') {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.token ? { 'x-session-token': this.token } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch(() => {
      throw new ApiError(0, 'OFFLINE', 'the SophonMatch service cannot be reached');
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    if (!res.ok) {
      const e = (json as { error?: { reason?: string; message?: string; details?: { fields?: Record<string, string> } & Record<string, unknown> } } | null)?.error;
      // The session ended on the server (8 hours, or signed out elsewhere): the shell shows the sign-in.
      if (res.status === 401 && e?.reason === 'LOGIN_REQUIRED' && this.token && typeof window !== 'undefined') window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
      throw new ApiError(res.status, e?.reason ?? 'HTTP_' + res.status, e?.message ?? res.statusText, e?.details?.fields ?? {}, e?.details ?? {});
    }
    return json as T;
  }

  async login(username: string, password: string): Promise<Session> {
    const s = await this.call<{ token: string; username: string; role: Session['role']; expires_at: number }>('POST', '/api/v1/login', { username, password });
    this.token = s.token;
    return { token: s.token, username: s.username, role: s.role, expiresAt: s.expires_at };
  }

  async resume(stored: Session): Promise<Session | null> {
    this.token = stored.token;
    try {
      const s = await this.call<{ username: string; role: Session['role']; expires_at: number }>('GET', '/api/v1/session');
      return { token: stored.token, username: s.username, role: s.role, expiresAt: s.expires_at };
    } catch (e) {
      this.token = null;
      if (e instanceof ApiError && (e.status === 401 || e.status === 403 || e.status === 404)) return null;
      throw e;
    }
  }

  async logout(): Promise<void> {
    if (this.token) await this.call('POST', '/api/v1/logout', {}).catch(() => {});
    this.token = null;
  }

  watchCounter(onState: (s: CounterState) => void, onLost: () => void, onSignedOut?: () => void): () => void {
    const es = new EventSource(`${this.base}/api/v1/counter/stream?session=${encodeURIComponent(this.token ?? '')}`);
    es.addEventListener('state', (ev) => onState(JSON.parse((ev as MessageEvent<string>).data) as CounterState));
    es.addEventListener('signed-out', () => {
      es.close();
      onSignedOut?.();
    });
    es.onerror = () => onLost();
    return () => es.close();
  }

  checkFrame = (frame: string) => this.call<import('./sophon-api.js').FrameCheckAnswer>('POST', '/api/v1/counter/frame-check', { frame });
  compare = (placement_id: string, attempt: number, frames: string[]) => this.call<import('./sophon-api.js').CounterResult>('POST', '/api/v1/counter/compare', { placement_id, attempt, frames });
  retry = async (placement_id: string, attempt: number) => void (await this.call('POST', '/api/v1/counter/retry', { placement_id, attempt }));
  override = (event_id: string, reason: string) => this.call<import('./sophon-api.js').CounterResult>('POST', '/api/v1/counter/override', { event_id, reason });
  bandDecision = (event_id: string, decision: 'pass' | 'fail', comment: string) => this.call<import('./sophon-api.js').CounterResult>('POST', '/api/v1/counter/band-decision', { event_id, decision, comment });
  receipt = (id: string) => this.call<import('./sophon-api.js').Receipt>('GET', `/api/v1/counter/receipt/${encodeURIComponent(id)}`);
  listEvents = (q: EventQuery) => this.call<EventPage>('GET', `/api/v1/events${qs(q)}`);
  getEvent = (id: string) => this.call<EventDetail>('GET', `/api/v1/events/${encodeURIComponent(id)}`);
  review = async (id: string, state: 'confirmed' | 'overridden', comment: string, expected?: 'pass' | 'fail') => void (await this.call('POST', `/api/v1/events/${encodeURIComponent(id)}/review`, { state, comment, ...(expected ? { expected } : {}) }));
  stats = (q: EventQuery) => this.call<import('./sophon-api.js').DailyStats>('GET', `/api/v1/stats${qs(q)}`);
  settings = () => this.call<import('./sophon-api.js').ShownSettings>('GET', '/api/v1/settings');
  saveSettings = (patch: Partial<import('./sophon-api.js').Settings>) => this.call<{ settings: import('./sophon-api.js').ShownSettings; restart_required: string[] }>('PUT', '/api/v1/settings', patch);
  readerPorts = async () => (await this.call<{ ports: string[] }>('GET', '/api/v1/settings/reader-ports')).ports;
  diagnostics = async () => JSON.stringify(await this.call<Record<string, unknown>>('GET', '/api/v1/diagnostics'), null, 2);
  audit = async () => (await this.call<{ entries: AuditEntry[] }>('GET', '/api/v1/audit')).entries;
  auditLog = (q: EventQuery) => this.call<import('./sophon-api.js').AuditPage>('GET', `/api/v1/audit-log${qs(q)}`);
  dashboard = (q: EventQuery) => this.call<import('./sophon-api.js').Dashboard>('GET', `/api/v1/dashboard${qs(q)}`);
  unmaskEvent = async (id: string, reason: string) => (await this.call<{ identity: Record<string, string> | null }>('POST', `/api/v1/events/${encodeURIComponent(id)}/unmask`, { reason })).identity;
  exportAuditCsv = (q: EventQuery) => this.download(`/api/v1/audit-log.csv${qs(q)}`);

  private async download(path: string): Promise<Blob> {
    const res = await fetch(this.base + path, { headers: this.token ? { 'x-session-token': this.token } : {} });
    if (!res.ok) throw new ApiError(res.status, 'EXPORT_FAILED', 'the export could not be made');
    return res.blob();
  }

  exportCsv = (q: EventQuery) => this.download(`/api/v1/events.csv${qs(q)}`);
}
