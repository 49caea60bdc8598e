// What the screens ask of the product, whatever carries it: HTTP/SSE in the web build, IPC in the
// desktop app. Both transports implement this interface; the same tests run against both.
import type { CounterResult, CounterState, FrameCheckAnswer, Receipt } from '../../../main/contracts/counter-api.js';
import type { EventSummary } from '../../../main/contracts/review-api.js';
import type { Settings } from '../../../main/contracts/settings.js';

export type { CounterResult, CounterState, EventSummary, FrameCheckAnswer, Receipt, Settings };
export type ShownSettings = Omit<Settings, 'apiToken'> & { apiToken: null; apiTokenSet: boolean };
export type Role = 'clerk' | 'supervisor' | 'admin';

export interface Session {
  token: string;
  username: string;
  role: Role;
}


export interface EventDetail extends EventSummary {
  card_photo: string | null;
  live_photo: string | null;
  quality: unknown;
  timings: Record<string, number> | null;
  reviews: { at: number; reviewer: string; state: string; comment: string }[];
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

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
}

export type EventQuery = Record<string, string | undefined>;

/** A failure as the product describes it: a stable reason and a sentence a person understands. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    /** Per-field messages when a form was refused (settings). */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface SophonApi {
  readonly transport: 'http' | 'ipc';
  login(username: string, password: string): Promise<Session>;
  logout(): Promise<void>;
  /** Current counter state, then every change; returns the unsubscribe function. */
  watchCounter(onState: (s: CounterState) => void, onLost: () => void): () => void;
  checkFrame(jpegBase64: string): Promise<FrameCheckAnswer>;
  compare(framesJpegBase64: string[]): Promise<CounterResult>;
  override(eventId: string, reason: string): Promise<void>;
  receipt(eventId: string): Promise<Receipt>;
  listEvents(q: EventQuery): Promise<EventPage>;
  getEvent(id: string): Promise<EventDetail>;
  review(id: string, state: 'confirmed' | 'overridden', comment: string): Promise<void>;
  stats(q: EventQuery): Promise<DailyStats>;
  exportCsv(q: EventQuery): Promise<Blob>;
  audit(): Promise<AuditEntry[]>;
  settings(): Promise<ShownSettings>;
  saveSettings(patch: Partial<Settings>): Promise<{ settings: ShownSettings; restart_required: string[] }>;
  readerPorts(): Promise<string[]>;
  /** Support information as text (the desktop app also puts it on the clipboard). */
  diagnostics(): Promise<string>;
}
