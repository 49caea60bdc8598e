// The desktop app's transport: the preload script exposes `window.sophon` (contextBridge), a
// small invoke/subscribe API; each operation goes over its channel (its name in the table), and the
// main process checks every request and answer with the same schemas as the screens do here.
import {
  ApiError,
  counterState,
  operationsApi,
  type CounterState,
  type OperationsApi,
  type Session,
  type SophonApi,
} from './sophon-api.js';

export interface SophonBridge {
  invoke(
    channel: string,
    payload?: unknown,
  ): Promise<
    | { ok: true; value: unknown }
    | {
        ok: false;
        error: { status: number; reason: string; message: string; fields?: Record<string, string>; details?: Record<string, unknown> };
      }
  >;
  on(channel: 'counter-state', listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    sophon?: SophonBridge;
  }
}

export interface IpcTransport extends OperationsApi {}
export class IpcTransport implements SophonApi {
  readonly transport = 'ipc' as const;
  constructor(private readonly bridge: SophonBridge) {
    Object.assign(
      this,
      operationsApi(async (name, _o, req) => {
        const r = await bridge.invoke(name, req);
        if (!r.ok) throw new ApiError(r.error.status, r.error.reason, r.error.message, r.error.fields ?? {}, r.error.details ?? {});
        return r.value;
      }),
    );
  }

  /** The window's session lives in the main process: a reload finds it there while it lasts. */
  async resume(stored: Session): Promise<Session | null> {
    try {
      const a = await this.account();
      return { ...stored, username: a.username, role: a.role };
    } catch {
      return null;
    }
  }

  watchCounter(onState: (s: CounterState) => void): () => void {
    void this.counterState().then(onState, () => {});
    return this.bridge.on('counter-state', (x) => {
      const s = counterState(x);
      if (s) onState(s);
    });
  }
}

export const createTransport = async (): Promise<SophonApi> => {
  if (window.sophon) return new IpcTransport(window.sophon);
  const { HttpTransport } = await import('./http-transport.js');
  return new HttpTransport();
};
