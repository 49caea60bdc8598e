// The web build's transport: fetch for the operations (method and path from the table: the path's
// parameters in the path, the rest as the query of a GET or the JSON body), server-sent events for
// the counter's state.
import { splitRequest, type Operation, type OperationName } from '../../../main/contracts/operations.js';
import {
  ApiError,
  counterState,
  operationsApi,
  SESSION_ENDED_EVENT,
  type CounterState,
  type OperationsApi,
  type Session,
  type SophonApi,
} from './sophon-api.js';

const query = (input: Record<string, unknown>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(input)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export interface HttpTransport extends OperationsApi {}
export class HttpTransport implements SophonApi {
  readonly transport = 'http' as const;
  private token: string | null = null;

  constructor(private readonly base = '') {
    const ops = operationsApi((name, o, req) => this.send(name, o, req));
    Object.assign(this, ops, {
      login: async (req: Parameters<OperationsApi['login']>[0]) => {
        const s = await ops.login(req);
        this.token = s.token;
        return s;
      },
      logout: async () => {
        if (this.token) await ops.logout().catch(() => {});
        this.token = null;
        return { ok: true } as const;
      },
    });
  }

  private async send(_name: OperationName, o: Operation, req: Record<string, unknown>): Promise<unknown> {
    const { params, input } = splitRequest(o, req);
    const path = o.path.replace(/:(\w+)/g, (_m, k: string) => encodeURIComponent(String(params[k])));
    const body = o.method === 'GET' ? undefined : JSON.stringify(input);
    const res = await fetch(this.base + path + (o.method === 'GET' ? query(input) : ''), {
      method: o.method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { 'x-session-token': this.token } : {}),
      },
      body,
    }).catch(() => {
      throw new ApiError(0, 'OFFLINE', 'the SophonMatch service cannot be reached');
    });
    if (res.ok && o.download) return res.blob(); // the bytes as they are (the CSV's BOM)
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    if (!res.ok) {
      const e = (
        json as {
          error?: { reason?: string; message?: string; details?: { fields?: Record<string, string> } & Record<string, unknown> };
        } | null
      )?.error;
      // The session ended on the server (8 hours, or signed out elsewhere): the shell shows the sign-in.
      if (res.status === 401 && e?.reason === 'LOGIN_REQUIRED' && this.token && typeof window !== 'undefined')
        window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
      throw new ApiError(
        res.status,
        e?.reason ?? 'HTTP_' + res.status,
        e?.message ?? res.statusText,
        e?.details?.fields ?? {},
        e?.details ?? {},
      );
    }
    return json;
  }

  async resume(stored: Session): Promise<Session | null> {
    this.token = stored.token;
    try {
      const s = await this.session();
      return { token: stored.token, username: s.username, role: s.role, ...(s.expires_at ? { expiresAt: s.expires_at } : {}) };
    } catch (e) {
      this.token = null;
      if (e instanceof ApiError && (e.status === 401 || e.status === 403 || e.status === 404)) return null;
      throw e;
    }
  }

  watchCounter(onState: (s: CounterState) => void, onLost: () => void, onSignedOut?: () => void): () => void {
    const es = new EventSource(`${this.base}/api/v1/counter/stream?session=${encodeURIComponent(this.token ?? '')}`);
    es.addEventListener('state', (ev) => {
      const s = counterState(JSON.parse((ev as MessageEvent<string>).data));
      if (s) onState(s);
    });
    es.addEventListener('signed-out', () => {
      es.close();
      onSignedOut?.();
    });
    es.onerror = () => onLost();
    return () => es.close();
  }
}
