// The screens' operations, each declared once: its name (also its IPC channel and the screens'
// SophonApi method), HTTP method and path, the role it needs, and the zod schemas of its request
// and its answer. The desktop app's IPC edge and channels (main/app/ipc-handlers.ts,
// main/electron/ipc.ts), the HTTP routes' method, path, role and response schema
// (main/server/operations.ts), and the screens' SophonApi with both of its transports
// (renderer/src/api) are derived from this table.
//
// A request is one object: the path's parameters (`params`, e.g. :id) and the `input` (the JSON
// body, or the query string of a GET) side by side. Over IPC it is the payload as it is; over HTTP
// the parameters go into the path and the rest into the body or the query.
import { z } from 'zod';
import {
  BandDecisionRequestSchema,
  CounterCompareRequestSchema,
  CounterResultSchema,
  CounterRetryRequestSchema,
  CounterStateSchema,
  FrameCheckAnswerSchema,
  FrameCheckRequestSchema,
  OverrideRequestSchema,
  PlacementSchema,
  ReceiptSchema,
} from './counter-api.js';
import {
  DailyStatsSchema,
  EventDetailSchema,
  EventIdSchema,
  EventListQuerySchema,
  EventPageSchema,
  LoginAnswerSchema,
  LoginSchema,
  ReviewAnswerSchema,
  ReviewSchema,
  SessionAnswerSchema,
} from './review-api.js';
import { SaveSettingsAnswerSchema, SettingsPatchSchema, ShownSettingsSchema } from './settings.js';
import {
  AuditPageSchema,
  AuditEntrySchema,
  AuditQuerySchema,
  DashboardQuerySchema,
  DashboardSchema,
  UnmaskAnswerSchema,
  UnmaskSchema,
} from './supervisor-api.js';
import {
  AccountSchema,
  FirstAdminSchema,
  NewUserSchema,
  OwnPasswordSchema,
  PasswordResetSchema,
  RoleSchema,
  SetupStateSchema,
  UserChangeSchema,
  UserIdSchema,
  UserListSchema,
  UserSchema,
} from './users-api.js';

export type OperationRole = z.infer<typeof RoleSchema>;

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** The HTTP path; `:name` segments are the request's `params`. */
  path: string;
  /** The least role that may call it; null: no sign-in needed. */
  role: OperationRole | null;
  /** The path's parameters (over IPC: fields of the payload). */
  params?: z.ZodObject;
  /** The JSON body (POST, PUT, PATCH) or the query string (GET). */
  input?: z.ZodType;
  answer: z.ZodType;
  /** Allowed to a user whose password was reset, before they change it. */
  beforePasswordChange?: true;
  /** HTTP status of a success (default 200). */
  created?: true;
  /** The answer is a file the screen saves (CSV text with its BOM): a Blob on the screens' side. */
  download?: 'text/csv';
}

const op = <const O extends Operation>(o: O) => o;
const ById = z.object({ id: EventIdSchema }).strict();
const ByUserId = z.object({ id: UserIdSchema }).strict();
export const OkSchema = z.object({ ok: z.literal(true) });
const CsvText = z.string();

export const OPERATIONS = {
  // Sessions.
  login: op({ method: 'POST', path: '/api/v1/login', role: null, input: LoginSchema, answer: LoginAnswerSchema }),
  logout: op({ method: 'POST', path: '/api/v1/logout', role: 'clerk', beforePasswordChange: true, answer: OkSchema }),
  session: op({ method: 'GET', path: '/api/v1/session', role: 'clerk', answer: SessionAnswerSchema }),
  // The counter (its state's changes come as a stream: SSE or IPC pushes).
  counterState: op({ method: 'GET', path: '/api/v1/counter/state', role: 'clerk', answer: CounterStateSchema }),
  checkFrame: op({
    method: 'POST',
    path: '/api/v1/counter/frame-check',
    role: 'clerk',
    input: FrameCheckRequestSchema,
    answer: FrameCheckAnswerSchema,
  }),
  compare: op({
    method: 'POST',
    path: '/api/v1/counter/compare',
    role: 'clerk',
    input: CounterCompareRequestSchema,
    answer: CounterResultSchema,
  }),
  retry: op({
    method: 'POST',
    path: '/api/v1/counter/retry',
    role: 'clerk',
    input: CounterRetryRequestSchema,
    answer: z.object({ placement: PlacementSchema.nullable() }),
  }),
  override: op({
    method: 'POST',
    path: '/api/v1/counter/override',
    role: 'clerk',
    input: OverrideRequestSchema,
    answer: CounterResultSchema,
  }),
  bandDecision: op({
    method: 'POST',
    path: '/api/v1/counter/band-decision',
    role: 'clerk',
    input: BandDecisionRequestSchema,
    answer: CounterResultSchema,
  }),
  receipt: op({ method: 'GET', path: '/api/v1/counter/receipt/:id', role: 'clerk', params: ById, answer: ReceiptSchema }),
  // Review.
  listEvents: op({ method: 'GET', path: '/api/v1/events', role: 'clerk', input: EventListQuerySchema, answer: EventPageSchema }),
  getEvent: op({ method: 'GET', path: '/api/v1/events/:id', role: 'supervisor', params: ById, answer: EventDetailSchema }),
  review: op({
    method: 'POST',
    path: '/api/v1/events/:id/review',
    role: 'supervisor',
    params: ById,
    input: ReviewSchema,
    answer: ReviewAnswerSchema,
  }),
  stats: op({ method: 'GET', path: '/api/v1/stats', role: 'supervisor', input: EventListQuerySchema, answer: DailyStatsSchema }),
  exportCsv: op({
    method: 'GET',
    path: '/api/v1/events.csv',
    role: 'supervisor',
    input: EventListQuerySchema,
    answer: CsvText,
    download: 'text/csv',
  }),
  // Supervisor tools.
  dashboard: op({ method: 'GET', path: '/api/v1/dashboard', role: 'supervisor', input: DashboardQuerySchema, answer: DashboardSchema }),
  unmaskEvent: op({
    method: 'POST',
    path: '/api/v1/events/:id/unmask',
    role: 'supervisor',
    params: ById,
    input: UnmaskSchema,
    answer: UnmaskAnswerSchema,
  }),
  auditLog: op({ method: 'GET', path: '/api/v1/audit-log', role: 'admin', input: AuditQuerySchema, answer: AuditPageSchema }),
  exportAuditCsv: op({
    method: 'GET',
    path: '/api/v1/audit-log.csv',
    role: 'admin',
    input: AuditQuerySchema,
    answer: CsvText,
    download: 'text/csv',
  }),
  audit: op({
    method: 'GET',
    path: '/api/v1/audit',
    role: 'admin',
    input: z
      .object({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().positive().optional() })
      .strict(),
    answer: z.object({ entries: z.array(AuditEntrySchema) }),
  }),
  // Settings and support.
  settings: op({ method: 'GET', path: '/api/v1/settings', role: 'clerk', answer: ShownSettingsSchema }),
  saveSettings: op({
    method: 'PUT',
    path: '/api/v1/settings',
    role: 'admin',
    input: SettingsPatchSchema,
    answer: SaveSettingsAnswerSchema,
  }),
  readerPorts: op({
    method: 'GET',
    path: '/api/v1/settings/reader-ports',
    role: 'admin',
    answer: z.object({ ports: z.array(z.string()) }),
  }),
  diagnostics: op({ method: 'GET', path: '/api/v1/diagnostics', role: 'admin', answer: z.record(z.string(), z.unknown()) }),
  // Users, the own account, the first run.
  users: op({ method: 'GET', path: '/api/v1/users', role: 'admin', answer: UserListSchema }),
  createUser: op({ method: 'POST', path: '/api/v1/users', role: 'admin', input: NewUserSchema, answer: UserSchema, created: true }),
  changeUser: op({
    method: 'PATCH',
    path: '/api/v1/users/:id',
    role: 'admin',
    params: ByUserId,
    input: UserChangeSchema,
    answer: UserSchema,
  }),
  resetPassword: op({
    method: 'POST',
    path: '/api/v1/users/:id/password',
    role: 'admin',
    params: ByUserId,
    input: PasswordResetSchema,
    answer: UserSchema,
  }),
  unlockUser: op({ method: 'POST', path: '/api/v1/users/:id/unlock', role: 'admin', params: ByUserId, answer: UserSchema }),
  account: op({ method: 'GET', path: '/api/v1/account', role: 'clerk', beforePasswordChange: true, answer: AccountSchema }),
  changeOwnPassword: op({
    method: 'PUT',
    path: '/api/v1/account/password',
    role: 'clerk',
    beforePasswordChange: true,
    input: OwnPasswordSchema,
    answer: OkSchema,
  }),
  setupState: op({ method: 'GET', path: '/api/v1/setup', role: null, answer: SetupStateSchema }),
  setupAdmin: op({
    method: 'POST',
    path: '/api/v1/setup',
    role: null,
    input: FirstAdminSchema,
    answer: z.object({ username: z.string(), role: RoleSchema }),
    created: true,
  }),
} as const satisfies Record<string, Operation>;

export type Operations = typeof OPERATIONS;
export type OperationName = keyof Operations;
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

type Part<O, K extends 'params' | 'input', D extends 'in' | 'out'> = O extends { [k in K]: infer S extends z.ZodType }
  ? D extends 'in'
    ? z.input<S>
    : z.output<S>
  : Record<never, never>;
/** What a caller sends (before defaults and coercion). */
export type RequestIn<N extends OperationName> = Part<Operations[N], 'params', 'in'> & Part<Operations[N], 'input', 'in'>;
/** What a handler receives (validated, defaults applied). */
export type RequestOf<N extends OperationName> = Part<Operations[N], 'params', 'out'> & Part<Operations[N], 'input', 'out'>;
export type AnswerOf<N extends OperationName> = z.output<Operations[N]['answer']>;

/** One failed check of a request or an answer: the first problem as a sentence, and each field's. */
export interface Refusal {
  message: string;
  fields: Record<string, string>;
}
const refusal = (e: z.ZodError): Refusal => {
  const at = (i: z.core.$ZodIssue) => i.path.map(String).join('.') || 'request';
  const first = e.issues[0]!;
  const fields: Record<string, string> = {};
  for (const i of e.issues) fields[at(i)] ??= i.message;
  return { message: `${at(first)}: ${first.message}`, fields };
};

/** The request as one object, checked with the operation's schemas; the path's parameters and the input apart. */
export function parseRequest(
  o: Operation,
  params: unknown,
  input: unknown,
): { ok: true; value: Record<string, unknown> } | { ok: false; refusal: Refusal } {
  const p = o.params ? o.params.safeParse(params) : { success: true as const, data: {} };
  if (!p.success) return { ok: false, refusal: refusal(p.error) };
  const i = (o.input ?? NoInput).safeParse(input);
  if (!i.success) return { ok: false, refusal: refusal(i.error) };
  return { ok: true, value: { ...(p.data as object), ...(i.data as object) } };
}
const NoInput = z.union([z.undefined(), z.null(), z.object({}).strict()]).transform(() => ({}));

/** Splits one request object into the path's parameters and the rest (the input). */
export function splitRequest(
  o: Operation,
  req: Record<string, unknown> | undefined,
): { params: Record<string, unknown>; input: Record<string, unknown> } {
  const keys = new Set(o.params ? Object.keys(o.params.shape) : []);
  const params: Record<string, unknown> = {};
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(req ?? {})) (keys.has(k) ? params : input)[k] = v;
  return { params, input };
}
