// What the screens ask of the product, whatever carries it: HTTP/SSE in the web build, IPC in the
// desktop app. Both transports implement this interface; the same tests run against both.
import type { CounterResult, CounterState, FrameCheckAnswer, Receipt } from '../../../main/contracts/counter-api.js';
import type { EventSummary } from '../../../main/contracts/review-api.js';
import type { Settings } from '../../../main/contracts/settings.js';
import type { AuditEntry, DashboardFigures } from '../../../main/contracts/supervisor-api.js';

export type { AuditEntry, CounterResult, CounterState, EventSummary, FrameCheckAnswer, Receipt, Settings };
export type ShownSettings = Omit<Settings, 'apiToken'> & { apiToken: null; apiTokenSet: boolean };
export type Role = 'clerk' | 'supervisor' | 'admin';

export interface Session {
  token: string;
  username: string;
  role: Role;
  /** Unix seconds when the server ends the session (8 hours after sign-in). */
  expiresAt?: number;
}


export interface EventDetail extends EventSummary {
  card_photo: string | null;
  live_photo: string | null;
  quality: unknown;
  timings: Record<string, number> | null;
  /** stage: whose step (clerk at the counter, or supervisor); decision_after: 1 pass / 0 fail in force after it. */
  reviews: { at: number; reviewer: string; state: string; comment: string; stage?: string; decision_after?: number | null }[];
  /** The event's audit trail: who viewed, reviewed, exported or printed it. */
  audit: { id: number; at: number; actor: string; action: string }[];
}

export interface EventPage {
  events: EventSummary[];
  total: number;
  next: number | null;
}

export interface DailyStats {
  days: { day: string; checks: number; passes: number; pass_rate: number }[];
  histogram: { from: number; to: number; count: number }[];
  operators: { operator: string | null; checks: number; passes: number }[];
}

/** The dashboard's figures over a period (GET /api/v1/dashboard). */
export interface Dashboard extends DashboardFigures {
  thresholds: { low: number; middle: number; high: number };
}

export type EventQuery = Record<string, string | undefined>;

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  next: number | null;
}

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

export interface SophonApi {
  readonly transport: 'http' | 'ipc';
  login(username: string, password: string): Promise<Session>;
  logout(): Promise<void>;
  /** A stored session after a reload: the server's answer for it, or null when it has ended. */
  resume(stored: Session): Promise<Session | null>;
  /** Current counter state, then every change; returns the unsubscribe function. */
  /**
   * Current counter state, then every change; returns the unsubscribe function. `onSignedOut`: the
   * session ended (expired, signed out elsewhere) — the screen drops everything and signs out.
   */
  watchCounter(onState: (s: CounterState) => void, onLost: () => void, onSignedOut?: () => void): () => void;
  checkFrame(jpegBase64: string): Promise<FrameCheckAnswer>;
  /** The check of one attempt of the placement on the reader (repeats get the same check). */
  compare(placementId: string, attempt: number, framesJpegBase64: string[]): Promise<CounterResult>;
  /** R: a new attempt of the placement, from the attempt the screen shows. */
  retry(placementId: string, attempt: number): Promise<void>;
  /** The clerk overrides the result on screen (reason required). */
  override(eventId: string, reason: string): Promise<CounterResult>;
  /** The clerk decides a review-band check after looking at both photos. */
  bandDecision(eventId: string, decision: 'pass' | 'fail', comment: string): Promise<CounterResult>;
  receipt(eventId: string): Promise<Receipt>;
  listEvents(q: EventQuery): Promise<EventPage>;
  getEvent(id: string): Promise<EventDetail>;
  /** A supervisor's review; `expected` is the decision in force they were shown (refused if it changed). */
  review(id: string, state: 'confirmed' | 'overridden', comment: string, expected?: 'pass' | 'fail'): Promise<void>;
  stats(q: EventQuery): Promise<DailyStats>;
  dashboard(q: EventQuery): Promise<Dashboard>;
  exportCsv(q: EventQuery): Promise<Blob>;
  audit(): Promise<AuditEntry[]>;
  /** The audit log filtered (actor, action, from, to), newest first, in keyset pages. */
  auditLog(q: EventQuery): Promise<AuditPage>;
  exportAuditCsv(q: EventQuery): Promise<Blob>;
  /** One event's identity in full, for a supervisor who gives the reason (recorded in the audit log). */
  unmaskEvent(id: string, reason: string): Promise<Record<string, string> | null>;
  settings(): Promise<ShownSettings>;
  saveSettings(patch: Partial<Settings>): Promise<{ settings: ShownSettings; restart_required: string[] }>;
  readerPorts(): Promise<string[]>;
  /** Support information as text (the desktop app also puts it on the clipboard). */
  diagnostics(): Promise<string>;
}
