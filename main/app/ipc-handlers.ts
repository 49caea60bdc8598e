// The desktop app's IPC, transport-neutral: one handler per operation of the table
// (main/contracts/operations.ts), which gives each its channel, role, request and answer schemas.
// The request is checked before a handler runs and the answer before it goes back, at this edge.
// Handlers call the services, as the HTTP routes do. main/electron/ipc.ts binds it to ipcMain;
// tests call it directly. No `any` crosses it.
import { SophonError } from '../common/errors.js';
import { decodeBase64Field } from '../common/base64.js';
import type { CounterState } from '../contracts/counter-api.js';
import { OPERATIONS, parseRequest, splitRequest, type AnswerOf, type OperationName, type RequestOf } from '../contracts/operations.js';
import { publicSettings, type Settings } from '../contracts/settings.js';
import type { CounterService } from '../counter/counter-service.js';
import { candidatePorts } from '../reader/ports.js';
import { exportLocale } from '../review/events-csv.js';
import { ReviewService } from '../review/review-service.js';
import { SupervisorService } from '../review/supervisor-service.js';
import type { SettingsFile } from '../settings/settings-file.js';
import type { SqliteEventStore } from '../store/events.js';
import { audit } from '../store/maintenance.js';
import { changeOwnPassword, changeUser, firstAdmin, getUser, hasUsers, listUsers, resetPassword, unlockUser } from '../store/user-admin.js';
import { createUser, login, roleAtLeast, type User } from '../store/users.js';

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

/** What each operation does here; `me` is the signed-in user (operations with a role only). */
type Handlers = { [N in OperationName]: (req: RequestOf<N>, me: User) => AnswerOf<N> | Promise<AnswerOf<N>> };

/** One handler per window: the signed-in user lives with it. */
export function createIpcHandlers(svc: IpcServices) {
  let user: User | null = null;
  const review = new ReviewService(svc.store);
  const supervisor = new SupervisorService(svc.store);
  const db = svc.store.db;
  const locale = () => exportLocale(svc.settings.get());
  const account = (u: User) => ({ username: u.username, role: u.role, must_change_password: u.mustChangePassword === true });

  const handlers: Handlers = {
    login: (p) => {
      const s = login(db, p.username, p.password);
      user = s.user;
      svc.counter?.signedIn(s.user.username); // another user than the last one: the counter clears
      return { token: 'ipc', ...account(s.user) };
    },
    logout: (_p, u) => {
      audit(db, u.username, 'logout', null, null);
      svc.counter?.sessionEnded(u.username, 'logout');
      user = null;
      return { ok: true };
    },
    session: (_p, u) => ({ username: u.username, role: u.role, expires_at: null }),
    counterState: (_p, u) => svc.counter.state(u.role),
    checkFrame: (p) => svc.counter.checkFrame(decodeBase64Field(p.frame, 'frame')),
    compare: (p, u) =>
      svc.counter.compare(
        p.placement_id,
        p.attempt,
        p.frames.map((f, i) => decodeBase64Field(f, `frames[${i}]`)),
        u.username,
        u.role,
      ),
    retry: (p) => ({ placement: svc.counter.retry(p.placement_id, p.attempt) }),
    override: (p, u) => svc.counter.override(p.event_id, u.username, p.reason),
    bandDecision: (p, u) =>
      svc.counter.review(p.event_id, u.username, {
        by: 'clerk',
        kind: p.decision === 'pass' ? 'band-pass' : 'band-fail',
        comment: p.comment,
      }),
    receipt: (p, u) => svc.counter.receipt(p.id, u.username, u.role),
    listEvents: (p, u) => review.list(u, p),
    getEvent: (p, u) => review.get(u, p.id),
    review: (p, u) => review.review(u, p.id, p.state, p.comment, p.expected),
    stats: (p, u) => review.stats(u, p),
    exportCsv: (p, u) => [...review.csv(u, p, locale())].join(''),
    dashboard: (p, u) => supervisor.dashboard(u, p),
    unmaskEvent: (p, u) => supervisor.unmask(u, p.id, p.reason),
    auditLog: (p) => supervisor.auditLog(p),
    exportAuditCsv: (p, u) => [...supervisor.auditCsv(u, p, locale())].join(''),
    audit: (p) => review.auditLog(p.limit, p.before),
    settings: () => publicSettings(svc.settings.get()),
    saveSettings: async (p, u) => {
      const r = svc.settings.update(p);
      await svc.applySettings(r.settings);
      audit(db, u.username, 'settings.change', null, { fields: Object.keys(p) });
      return { settings: publicSettings(r.settings), restart_required: r.restartRequired };
    },
    readerPorts: async () => ({ ports: await candidatePorts() }),
    diagnostics: () => svc.diagnostics?.() ?? {},
    users: () => ({ users: listUsers(db) }),
    createUser: (p, u) => getUser(db, createUser(db, p.username, p.role, p.password, u.username).id),
    changeUser: ({ id, ...change }, u) => changeUser(db, u, id, change),
    resetPassword: (p, u) => resetPassword(db, u, p.id, p.password),
    unlockUser: (p, u) => unlockUser(db, u, p.id),
    account: (_p, u) => account(u),
    changeOwnPassword: (p, u) => {
      changeOwnPassword(db, u, p.current, p.next);
      if (user) user = { ...user, mustChangePassword: false };
      return { ok: true };
    },
    // The first run: the desktop window is this machine itself.
    setupState: () => ({ needed: !hasUsers(db), allowed: true }),
    setupAdmin: (p) => ({ username: firstAdmin(db, p.username, p.password).username, role: 'admin' }),
  };

  const fail = (
    status: number,
    reason: string,
    message: string,
    fields?: Record<string, string>,
    details?: Record<string, unknown>,
  ): IpcResult => ({
    ok: false,
    error: { status, reason, message, ...(fields ? { fields } : {}), ...(details ? { details } : {}) },
  });

  return {
    channels: Object.keys(handlers) as OperationName[],
    /** The counter's state for this window's user, to push; null when nobody is signed in (nothing personal goes out). */
    counterState(): CounterState | null {
      return user && svc.counter ? svc.counter.state(user.role) : null;
    },
    async invoke(name: string, payload: unknown): Promise<IpcResult> {
      if (!Object.hasOwn(OPERATIONS, name)) return fail(404, 'UNKNOWN_CHANNEL', `no such channel: ${String(name).slice(0, 64)}`);
      const n = name as OperationName;
      const o = OPERATIONS[n];
      if (o.role && !user) return fail(401, 'LOGIN_REQUIRED', 'sign in first');
      if (o.role && user?.mustChangePassword && !('beforePasswordChange' in o))
        return fail(403, 'PASSWORD_CHANGE_REQUIRED', 'an administrator reset your password: change it first');
      if (o.role && user && !roleAtLeast(user.role, o.role)) return fail(403, 'ROLE_REQUIRED', `this needs the ${o.role} role`);
      const parts =
        payload !== null && typeof payload === 'object' && !Array.isArray(payload)
          ? splitRequest(o, payload as Record<string, unknown>)
          : { params: {}, input: payload };
      const req = parseRequest(o, parts.params, parts.input);
      if (!req.ok) return fail(400, 'BAD_FIELD', req.refusal.message, req.refusal.fields);
      try {
        const run = handlers[n] as (req: unknown, me: User | null) => unknown;
        const answer = o.answer.safeParse(await run(req.value, user));
        if (!answer.success) return fail(500, 'BAD_ANSWER', `the app answered ${n} in an unexpected form`);
        return { ok: true, value: answer.data };
      } catch (e) {
        if (e instanceof SophonError) {
          const { fields, ...details } = (e.details ?? {}) as { fields?: Record<string, string> };
          return fail(e.http, e.reason, e.message, fields, Object.keys(details).length ? details : undefined);
        }
        return fail(500, 'ENGINE_FAILED', 'the app failed on this request; retry, and contact support if it persists');
      }
    },
  };
}
