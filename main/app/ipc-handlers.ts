// The desktop app's IPC, transport-neutral: one handler per operation of the table
// (main/contracts/operations.ts), which gives each its channel, role, request and answer schemas.
// The request is checked before a handler runs and the answer before it goes back, at this edge.
// The handlers are the HTTP routes' own (main/operations/handlers.ts) but for what depends on the
// transport: sign-in and -out, the session, the first run (the window is this machine), the CSV
// text and the diagnostics. main/electron/ipc.ts binds it to ipcMain; tests call it directly.
import { SophonError } from '../common/errors.js';
import type { CounterState } from '../contracts/counter-api.js';
import { OPERATIONS, parseRequest, splitRequest, type OperationName } from '../contracts/operations.js';
import type { Settings } from '../contracts/settings.js';
import type { CounterService } from '../counter/counter-service.js';
import {
  accountOf,
  counterHandlers,
  reviewHandlers,
  settingsHandlers,
  supervisorHandlers,
  userHandlers,
  type Handlers,
} from '../operations/handlers.js';
import { exportLocale } from '../review/events-csv.js';
import { ReviewService } from '../review/review-service.js';
import { SupervisorService } from '../review/supervisor-service.js';
import type { SettingsFile } from '../settings/settings-file.js';
import type { SqliteEventStore } from '../store/events.js';
import { audit } from '../store/maintenance.js';
import { firstAdmin, hasUsers } from '../store/user-admin.js';
import { admitted, login, type User } from '../store/users.js';

export interface IpcServices {
  store: SqliteEventStore;
  counter: CounterService;
  settings: SettingsFile;
  applySettings(s: Settings): Promise<void>;
  /** Support information (the desktop app adds its recent uncaught errors). */
  diagnostics?: () => Record<string, unknown>;
}

export type IpcResult =
  | { ok: true; value: unknown }
  | {
      ok: false;
      error: { status: number; reason: string; message: string; fields?: Record<string, string>; details?: Record<string, unknown> };
    };

/** The window's own sentences for two refusals the error table words for HTTP. */
const IPC_WORDS = { LOGIN_REQUIRED: 'sign in first', PASSWORD_CHANGE_REQUIRED: 'an administrator reset your password: change it first' };

/** One handler per window: the signed-in user lives with it. */
export function createIpcHandlers(svc: IpcServices) {
  let user: User | null = null;
  const review = new ReviewService(svc.store);
  const supervisor = new SupervisorService(svc.store);
  const db = svc.store.db;
  const locale = () => exportLocale(svc.settings.get());

  const users = userHandlers(db);
  const handlers: Handlers = {
    ...counterHandlers(svc.counter),
    ...reviewHandlers(review),
    ...supervisorHandlers(supervisor),
    ...users,
    ...settingsHandlers(db, svc.settings, (s) => svc.applySettings(s)),
    login: (p) => {
      const s = login(db, p.username, p.password);
      user = s.user;
      svc.counter?.signedIn(s.user.username); // another user than the last one: the counter clears
      return { token: 'ipc', ...accountOf(s.user) };
    },
    logout: (_p, u) => {
      audit(db, u.username, 'logout', null, null);
      svc.counter?.sessionEnded(u.username, 'logout');
      user = null;
      return { ok: true };
    },
    session: (_p, u) => ({ username: u.username, role: u.role, expires_at: null }),
    exportCsv: (p, u) => [...review.csv(u, p, locale())].join(''),
    exportAuditCsv: (p, u) => [...supervisor.auditCsv(u, p, locale())].join(''),
    diagnostics: () => svc.diagnostics?.() ?? {},
    changeOwnPassword: (p, u) => {
      const done = users.changeOwnPassword(p, u);
      if (user) user = { ...user, mustChangePassword: false };
      return done;
    },
    // The first run: the desktop window is this machine itself.
    setupState: () => ({ needed: !hasUsers(db), allowed: true }),
    setupAdmin: (p) => ({ username: firstAdmin(db, p.username, p.password).username, role: 'admin' }),
  };

  /** A refusal as the window sees it: the error table's status, reason and sentence, its fields apart. */
  const fail = (e: SophonError): IpcResult => {
    const { fields, ...details } = (e.details ?? {}) as { fields?: Record<string, string> };
    const more = { ...(fields ? { fields } : {}), ...(Object.keys(details).length ? { details } : {}) };
    return { ok: false, error: { status: e.http, reason: e.reason, message: e.message, ...more } };
  };

  return {
    channels: Object.keys(handlers) as OperationName[],
    /** The counter's state for this window's user, to push; null when nobody is signed in (nothing personal goes out). */
    counterState(): CounterState | null {
      return user && svc.counter ? svc.counter.state(user.role) : null;
    },
    async invoke(name: string, payload: unknown): Promise<IpcResult> {
      try {
        if (!Object.hasOwn(OPERATIONS, name)) throw new SophonError('UNKNOWN_CHANNEL', `no such channel: ${String(name).slice(0, 64)}`);
        const n = name as OperationName;
        const o = OPERATIONS[n];
        if (o.role) admitted(user, o.role, 'beforePasswordChange' in o, IPC_WORDS);
        const parts =
          payload !== null && typeof payload === 'object' && !Array.isArray(payload)
            ? splitRequest(o, payload as Record<string, unknown>)
            : { params: {}, input: payload };
        const req = parseRequest(o, parts.params, parts.input);
        if (!req.ok) throw new SophonError('BAD_FIELD', req.refusal.message, { fields: req.refusal.fields });
        const run = handlers[n] as (req: unknown, me: User | null) => unknown;
        const answer = o.answer.safeParse(await run(req.value, user));
        if (!answer.success) throw new SophonError('BAD_ANSWER', `the app answered ${n} in an unexpected form`);
        return { ok: true, value: answer.data };
      } catch (e) {
        return fail(
          e instanceof SophonError
            ? e
            : new SophonError('ENGINE_FAILED', 'the app failed on this request; retry, and contact support if it persists'),
        );
      }
    },
  };
}
