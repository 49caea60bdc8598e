// What the screens' operations do, transport-free: one handler per operation of the table
// (main/contracts/operations.ts), given its checked request and the signed-in user. The HTTP routes
// (main/server/*/routes.ts) and the desktop app's IPC edge (main/app/ipc-handlers.ts) both run these
// groups; only what depends on the transport stays with each: signing in and out, the session, the
// first run, the CSV downloads (a stream or a string) and the diagnostics.
import { decodeBase64Field } from '../common/base64.js';
import type { AnswerOf, OperationName, RequestOf } from '../contracts/operations.js';
import { publicSettings, type Settings } from '../contracts/settings.js';
import type { CounterService } from '../counter/counter-service.js';
import { candidatePorts } from '../reader/ports.js';
import type { ReviewService } from '../review/review-service.js';
import type { SupervisorService } from '../review/supervisor-service.js';
import type { SettingsFile } from '../settings/settings-file.js';
import { audit } from '../store/maintenance.js';
import { changeOwnPassword, changeUser, getUser, listUsers, resetPassword, unlockUser } from '../store/user-admin.js';
import { createUser, type User } from '../store/users.js';
import type Database from 'better-sqlite3';

/** What each operation does; `me` is the signed-in user (operations without a role get none). */
export type Handlers = { [N in OperationName]: (req: RequestOf<N>, me: User) => AnswerOf<N> | Promise<AnswerOf<N>> };

export const accountOf = (u: User) => ({ username: u.username, role: u.role, must_change_password: u.mustChangePassword === true });

/** The counter flow: its state, the live hint, compare, retry and the clerk's steps, the receipt. */
export const counterHandlers = (counter: CounterService) =>
  ({
    counterState: (_p, u) => counter.state(u.role),
    checkFrame: (p) => counter.checkFrame(decodeBase64Field(p.frame, 'frame')),
    compare: (p, u) =>
      counter.compare(
        p.placement_id,
        p.attempt,
        p.frames.map((f, i) => decodeBase64Field(f, `frames[${i}]`)),
        u.username,
        u.role,
      ),
    retry: (p) => ({ placement: counter.retry(p.placement_id, p.attempt) }),
    override: (p, u) => counter.override(p.event_id, u.username, p.reason),
    bandDecision: (p, u) =>
      counter.review(p.event_id, u.username, { by: 'clerk', kind: p.decision === 'pass' ? 'band-pass' : 'band-fail', comment: p.comment }),
    receipt: (p, u) => counter.receipt(p.id, u.username, u.role),
  }) satisfies Partial<Handlers>;

/** The event list, one event, its review, the daily figures and the audit log's pages. */
export const reviewHandlers = (review: ReviewService) =>
  ({
    listEvents: (p, u) => review.list(u, p),
    getEvent: (p, u) => review.get(u, p.id),
    review: (p, u) => review.review(u, p.id, p.state, p.comment, p.expected),
    stats: (p, u) => review.stats(u, p),
    audit: (p) => review.auditLog(p.limit, p.before),
  }) satisfies Partial<Handlers>;

/** The supervisor's dashboard, one event's identity in full (audited), the filtered audit log. */
export const supervisorHandlers = (supervisor: SupervisorService) =>
  ({
    dashboard: (p, u) => supervisor.dashboard(u, p),
    unmaskEvent: (p, u) => supervisor.unmask(u, p.id, p.reason),
    auditLog: (p) => supervisor.auditLog(p),
  }) satisfies Partial<Handlers>;

/** User administration (admins) and every user's own account and password. */
export const userHandlers = (db: Database.Database) =>
  ({
    users: () => ({ users: listUsers(db) }),
    createUser: (p, u) => getUser(db, createUser(db, p.username, p.role, p.password, u.username).id),
    changeUser: ({ id, ...change }, u) => changeUser(db, u, id, change),
    resetPassword: (p, u) => resetPassword(db, u, p.id, p.password),
    unlockUser: (p, u) => unlockUser(db, u, p.id),
    account: (_p, u) => accountOf(u),
    changeOwnPassword: (p, u) => {
      changeOwnPassword(db, u, p.current, p.next);
      return { ok: true as const };
    },
  }) satisfies Partial<Handlers>;

/** The terminal's settings (the API token never leaves it) and the reader ports of this machine. */
export const settingsHandlers = (db: Database.Database, file: SettingsFile, apply: (s: Settings) => Promise<void>) =>
  ({
    settings: () => publicSettings(file.get()),
    // The settings file checks the change as a whole, each bad field with its message (BAD_FIELD, details.fields).
    saveSettings: async (p, u) => {
      const r = file.update(p);
      await apply(r.settings);
      audit(db, u.username, 'settings.change', null, { fields: Object.keys((p ?? {}) as object) });
      return { settings: publicSettings(r.settings), restart_required: r.restartRequired };
    },
    readerPorts: async () => ({ ports: await candidatePorts() }),
  }) satisfies Partial<Handlers>;
