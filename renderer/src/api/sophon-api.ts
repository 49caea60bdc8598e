// What the screens ask of the product, whatever carries it: HTTP/SSE in the web build, IPC in the
// desktop app. Every operation comes from the table in main/contracts/operations.ts (its request
// and answer types, its answer checked on arrival); the transports only carry a request there and
// back (http-transport.ts, ipc-transport.ts). The same tests run against both.
import {
  CounterStateSchema,
  type CounterResult,
  type CounterState,
  type FrameCheckAnswer,
  type Receipt,
} from '../../../main/contracts/counter-api.js';
import {
  OPERATION_NAMES,
  OPERATIONS,
  type AnswerOf,
  type Operation,
  type OperationName,
  type OperationRole,
  type Operations,
  type RequestIn,
} from '../../../main/contracts/operations.js';
import type { DailyStats, EventDetail, EventPage, EventSummary } from '../../../main/contracts/review-api.js';
import type { Settings, ShownSettings } from '../../../main/contracts/settings.js';
import type { AuditEntry, AuditPage, Dashboard } from '../../../main/contracts/supervisor-api.js';
import type { Account, SetupState, UserView } from '../../../main/contracts/users-api.js';

export type {
  Account,
  AuditEntry,
  AuditPage,
  CounterResult,
  CounterState,
  DailyStats,
  Dashboard,
  EventDetail,
  EventPage,
  EventSummary,
  FrameCheckAnswer,
  Receipt,
  Settings,
  SetupState,
  ShownSettings,
  UserView,
};
export type Role = OperationRole;

export interface Session {
  token: string;
  username: string;
  role: Role;
  /** Unix seconds when the server ends the session (8 hours after sign-in). */
  expiresAt?: number;
}

/** A list's filters as the screens keep them (strings, as in a query string). */
export type EventQuery = Record<string, string | undefined>;

/** Fired on window when a request finds the session ended on the server; the shell signs out. */
export const SESSION_ENDED_EVENT = 'sophon:session-ended';

/** A failure as the product describes it: a stable reason and a sentence a person understands. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    /** Per-field messages when a form was refused (settings). */
    readonly fields: Record<string, string> = {},
    /** The error's machine-readable details (e.g. `locked_until`, `field`): what the screen words itself. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type Answer<N extends OperationName> = Operations[N] extends { download: string } ? Blob : AnswerOf<N>;
/** The request may be left out when none of its fields is required. */
type Call<N extends OperationName> =
  Record<never, never> extends RequestIn<N> ? (req?: RequestIn<N>) => Promise<Answer<N>> : (req: RequestIn<N>) => Promise<Answer<N>>;
/** One method per operation of the table, named as it is. */
export type OperationsApi = { [N in OperationName]: Call<N> };

export interface SophonApi extends OperationsApi {
  readonly transport: 'http' | 'ipc';
  /** A stored session after a reload: the server's answer for it, or null when it has ended. */
  resume(stored: Session): Promise<Session | null>;
  /**
   * Current counter state, then every change; returns the unsubscribe function. `onSignedOut`: the
   * session ended (expired, signed out elsewhere) — the screen drops everything and signs out.
   */
  watchCounter(onState: (s: CounterState) => void, onLost: () => void, onSignedOut?: () => void): () => void;
}

/** Carries one request of an operation and gives back its answer (a Blob for a download over HTTP). */
export type Send = (name: OperationName, op: Operation, req: Record<string, unknown>) => Promise<unknown>;

/** The operations over one transport: each answer checked against its schema before a screen sees it. */
export function operationsApi(send: Send): OperationsApi {
  const api: Record<string, (req?: Record<string, unknown>) => Promise<unknown>> = {};
  for (const name of OPERATION_NAMES) {
    const o: Operation = OPERATIONS[name];
    api[name] = async (req = {}) => {
      const raw = await send(name, o, req);
      if (o.download && raw instanceof Blob) return raw;
      const r = o.answer.safeParse(raw);
      if (!r.success) throw new ApiError(500, 'BAD_ANSWER', `the service answered ${name} in an unexpected form`);
      return o.download ? new Blob([r.data as string], { type: `${o.download};charset=utf-8` }) : r.data;
    };
  }
  return api as unknown as OperationsApi;
}

/** The counter's state as pushed (SSE or IPC), checked like every answer; null when it is not one. */
export const counterState = (x: unknown): CounterState | null => {
  const r = CounterStateSchema.safeParse(x);
  return r.success ? r.data : null;
};
