// The desktop app's IPC, transport-neutral: one table of channels, each with the schema that
// validates its payload (the same schemas as the HTTP API), the role it needs and what it does.
// main/electron/ipc.ts binds it to ipcMain; tests call it directly. No `any` crosses it.
import { z } from 'zod';
import { SophonError } from '../common/errors.js';
import { BandDecisionRequestSchema, CounterCompareRequestSchema, CounterRetryRequestSchema, FrameCheckRequestSchema, OverrideRequestSchema, type CounterState } from '../contracts/counter-api.js';
import { EventIdSchema, EventListQuerySchema, LoginSchema, ReviewSchema } from '../contracts/review-api.js';
import { SettingsPatchSchema, type Settings } from '../contracts/settings.js';
import type { CounterService } from '../counter/counter-service.js';
import { ReviewService } from '../review/review-service.js';
import { exportLocale } from '../review/events-csv.js';
import { SupervisorService } from '../review/supervisor-service.js';
import { AuditQuerySchema, DashboardQuerySchema, UnmaskSchema } from '../contracts/supervisor-api.js';
import { candidatePorts } from '../reader/ports.js';
import { decodeBase64Field } from '../server/sophonmatch/base64.js';
import { publicSettings } from '../server/settings/routes.js';
import type { SettingsFile } from '../settings/settings-file.js';
import type { SqliteEventStore } from '../store/events.js';
import { audit } from '../store/maintenance.js';
import { AuthError, createUser, login, roleAtLeast, type Role, type User } from '../store/users.js';
import { FirstAdminSchema, NewUserSchema, OwnPasswordSchema, PasswordResetSchema, UserChangeSchema } from '../contracts/users-api.js';
import { AUTH_STATUS } from '../server/users/routes.js';
import { changeOwnPassword, changeUser, firstAdmin, getUser, hasUsers, listUsers, resetPassword, unlockUser } from '../store/user-admin.js';

export interface IpcServices {
  store: SqliteEventStore;
  counter: CounterService;
  settings: SettingsFile;
  applySettings(s: Settings): Promise<void>;
}

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: { status: number; reason: string; message: string; fields?: Record<string, string> } };

interface Channel<S extends z.ZodType> {
  schema: S;
  role: Role | null;
  run(payload: z.infer<S>, user: User | null): unknown;
}
const channel = <S extends z.ZodType>(c: Channel<S>) => c;

const Empty = z.union([z.undefined(), z.object({}).strict()]);
const ById = z.object({ id: EventIdSchema }).strict();
const ReviewPayload = ReviewSchema.extend({ id: EventIdSchema }).strict();
const UserId = z.number().int().positive();
/** The channels a user whose password was reset may use before changing it. */
const BEFORE_PASSWORD_CHANGE = new Set(['logout', 'account', 'account-password']);

/** One handler per window: the signed-in user lives with it. */
export function createIpcHandlers(svc: IpcServices) {
  let user: User | null = null;
  const review = new ReviewService(svc.store);
  const supervisor = new SupervisorService(svc.store);
  const locale = () => exportLocale(svc.settings.get());
  const channels = {
    login: channel({
      schema: LoginSchema,
      role: null,
      run: (p) => {
        const s = login(svc.store.db, p.username, p.password);
        user = s.user;
        svc.counter?.signedIn(s.user.username); // another user than the last one: the counter clears
        return { token: 'ipc', username: s.user.username, role: s.user.role, must_change_password: s.user.mustChangePassword === true };
      },
    }),
    logout: channel({ schema: Empty, role: 'clerk', run: (_p, u) => (audit(svc.store.db, u!.username, 'logout', null, null), svc.counter?.sessionEnded(u!.username, 'logout'), (user = null)) }),
    'counter-state': channel({ schema: Empty, role: 'clerk', run: (_p, u) => svc.counter.state(u!.role) }),
    'frame-check': channel({ schema: FrameCheckRequestSchema, role: 'clerk', run: (p) => svc.counter.checkFrame(decodeBase64Field(p.frame, 'frame')) }),
    compare: channel({ schema: CounterCompareRequestSchema, role: 'clerk', run: (p, u) => svc.counter.compare(p.placement_id, p.attempt, p.frames.map((f, i) => decodeBase64Field(f, `frames[${i}]`)), u!.username, u!.role) }),
    retry: channel({ schema: CounterRetryRequestSchema, role: 'clerk', run: (p) => ({ placement: svc.counter.retry(p.placement_id, p.attempt) }) }),
    override: channel({ schema: OverrideRequestSchema, role: 'clerk', run: (p, u) => svc.counter.override(p.event_id, u!.username, p.reason) }),
    'band-decision': channel({ schema: BandDecisionRequestSchema, role: 'clerk', run: (p, u) => svc.counter.review(p.event_id, u!.username, { by: 'clerk', kind: p.decision === 'pass' ? 'band-pass' : 'band-fail', comment: p.comment }) }),
    receipt: channel({ schema: ById, role: 'clerk', run: (p, u) => svc.counter.receipt(p.id, u!.username, u!.role) }),
    events: channel({ schema: EventListQuerySchema, role: 'clerk', run: (p, u) => review.list(u!, p) }),
    event: channel({ schema: ById, role: 'supervisor', run: (p, u) => review.get(u!, p.id) }),
    review: channel({ schema: ReviewPayload, role: 'supervisor', run: (p, u) => review.review(u!, p.id, p.state, p.comment, p.expected) }),
    stats: channel({ schema: EventListQuerySchema, role: 'supervisor', run: (p, u) => review.stats(u!, p) }),
    'events-csv': channel({ schema: EventListQuerySchema, role: 'supervisor', run: (p, u) => [...review.csv(u!, p, locale())].join('') }),
    dashboard: channel({ schema: DashboardQuerySchema, role: 'supervisor', run: (p, u) => supervisor.dashboard(u!, p) }),
    'event-unmask': channel({
      schema: UnmaskSchema.extend({ id: EventIdSchema }).strict(),
      role: 'supervisor',
      run: (p, u) => {
        const r = supervisor.unmask(u!, p.id, p.reason);
        if (!r) throw new SophonError('UNKNOWN_PATH', `no event ${p.id}`);
        return r.identity;
      },
    }),
    'audit-log': channel({ schema: AuditQuerySchema, role: 'admin', run: (p) => supervisor.auditLog(p) }),
    'audit-csv': channel({ schema: AuditQuerySchema, role: 'admin', run: (p, u) => [...supervisor.auditCsv(u!, p, locale())].join('') }),
    audit: channel({ schema: Empty, role: 'admin', run: () => review.auditLog(100).entries }),
    settings: channel({ schema: Empty, role: 'clerk', run: () => publicSettings(svc.settings.get()) }),
    'settings-save': channel({
      schema: SettingsPatchSchema,
      role: 'admin',
      run: async (p, u) => {
        const r = svc.settings.update(p);
        await svc.applySettings(r.settings);
        audit(svc.store.db, u!.username, 'settings.change', null, { fields: Object.keys(p) });
        return { settings: publicSettings(r.settings), restart_required: r.restartRequired };
      },
    }),
    'reader-ports': channel({ schema: Empty, role: 'admin', run: () => candidatePorts() }),
    // User administration (the same operations as /api/v1/users) and the user's own password.
    users: channel({ schema: Empty, role: 'admin', run: () => ({ users: listUsers(svc.store.db) }) }),
    'user-create': channel({ schema: NewUserSchema, role: 'admin', run: (p, u) => getUser(svc.store.db, createUser(svc.store.db, p.username, p.role, p.password, u!.username).id) }),
    'user-change': channel({ schema: z.object({ id: UserId, change: UserChangeSchema }).strict(), role: 'admin', run: (p, u) => changeUser(svc.store.db, u!, p.id, p.change) }),
    'user-reset-password': channel({ schema: PasswordResetSchema.extend({ id: UserId }).strict(), role: 'admin', run: (p, u) => resetPassword(svc.store.db, u!, p.id, p.password) }),
    'user-unlock': channel({ schema: z.object({ id: UserId }).strict(), role: 'admin', run: (p, u) => unlockUser(svc.store.db, u!, p.id) }),
    account: channel({ schema: Empty, role: 'clerk', run: (_p, u) => ({ username: u!.username, role: u!.role, must_change_password: u!.mustChangePassword === true }) }),
    'account-password': channel({
      schema: OwnPasswordSchema,
      role: 'clerk',
      run: (p, u) => {
        changeOwnPassword(svc.store.db, u!, p.current, p.next);
        if (user) user = { ...user, mustChangePassword: false };
        return { ok: true };
      },
    }),
    // The first run: the desktop window is this machine itself.
    'setup-state': channel({ schema: Empty, role: null, run: () => ({ needed: !hasUsers(svc.store.db), allowed: true }) }),
    'setup-admin': channel({ schema: FirstAdminSchema, role: null, run: (p) => ({ username: firstAdmin(svc.store.db, p.username, p.password).username, role: 'admin' }) }),
  };
  type Name = keyof typeof channels;
  const fail = (status: number, reason: string, message: string, fields?: Record<string, string>): IpcResult => ({ ok: false, error: { status, reason, message, ...(fields ? { fields } : {}) } });

  return {
    channels: Object.keys(channels) as Name[],
    /** The counter's state for this window's user, to push; null when nobody is signed in (nothing personal goes out). */
    counterState(): CounterState | null {
      return user && svc.counter ? svc.counter.state(user.role) : null;
    },
    async invoke(name: string, payload: unknown): Promise<IpcResult> {
      const c = (channels as Record<string, Channel<z.ZodType>>)[name];
      if (!c) return fail(404, 'UNKNOWN_CHANNEL', `no such channel: ${String(name).slice(0, 64)}`);
      if (c.role && !user) return fail(401, 'LOGIN_REQUIRED', 'sign in first');
      if (c.role && user?.mustChangePassword && !BEFORE_PASSWORD_CHANGE.has(name)) return fail(403, 'PASSWORD_CHANGE_REQUIRED', 'an administrator reset your password: change it first');
      if (c.role && user && !roleAtLeast(user.role, c.role)) return fail(403, 'ROLE_REQUIRED', `this needs the ${c.role} role`);
      const parsed = c.schema.safeParse(payload);
      if (!parsed.success) {
        const i = parsed.error.issues[0]!;
        return fail(400, 'BAD_FIELD', `${i.path.join('.') || 'request'}: ${i.message}`, Object.fromEntries(parsed.error.issues.map((x) => [x.path.join('.') || 'request', x.message])));
      }
      try {
        return { ok: true, value: (await c.run(parsed.data, user)) ?? null };
      } catch (e) {
        if (e instanceof AuthError) return fail(name === 'login' ? 401 : AUTH_STATUS[e.code], e.code, e.message);
        if (e instanceof SophonError) return fail(e.http, e.reason, e.message, (e.details as { fields?: Record<string, string> } | undefined)?.fields);
        return fail(500, 'ENGINE_FAILED', 'the app failed on this request; retry, and contact support if it persists');
      }
    },
  };
}
