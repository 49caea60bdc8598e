// The counter flow, independent of how the screen talks to it (HTTP/SSE in the web build, IPC in
// the desktop app). The unit is one card placement, owned here (server side) as a state machine:
//
//   card laid → reading-photo → capture → comparing → result | error
//                                  ↑                      │
//                                  └── R (new attempt) ───┘
//   card taken off → the result stays `holdMs`, then everything is cleared (no name, number, photo
//   or score left); sign-out, a user switch, an expired session or the idle timeout clear at once.
//
// Exactly one check per attempt: a compare names its placement and attempt, and every repeat of it
// (two tabs, a double key press, a retried request) gets the same check. No compare is accepted
// without a card on the reader. Chip photos reach the engine as the decoder gave them (JPEG, PNG,
// BMP): the engine's own decoder reads them, as it does for the API.
import { EventEmitter } from 'node:events';
import { monotonicFactory } from 'ulid';
import { maskIdNumber, maskName } from '../common/mask.js';
import { isReason, SophonError } from '../common/errors.js';
import type { AnalyseResult } from '../contracts/engine.js';
import type { Settings } from '../contracts/settings.js';
import type {
  CardView,
  CounterResult,
  CounterState,
  FrameCheckAnswer,
  ImageMime,
  Placement,
  Receipt,
  ReviewView,
} from '../contracts/counter-api.js';
import { THRESHOLD_LEVELS, type ThresholdLevel } from '../contracts/thresholds.js';
import type { CompareInput, CompareOutcome } from '../engine/compare.js';
import type { QualityLevel } from '../engine/quality.js';
import type { CardRead } from '../reader/card/card-read.js';
import { toIdentityInfo } from '../reader/card/card-read.js';
import { STATE_MESSAGES, type ReaderProblem, type ReaderState } from '../reader/reader-service.js';
import { finalOf, isPending, type ReviewAction } from '../review/review-machine.js';
import type { SqliteEventStore } from '../store/events.js';
import { audit } from '../store/maintenance.js';
import { EventQueries, reviewStatusOf } from '../store/review-queries.js';
import { roleAtLeast, type Role } from '../store/users.js';
import { PhotoDecoderError, type PhotoDecoder } from '../reader/photo/decoder.js';
import { frameCheckAnswer } from './frame-hint.js';
import { matchFigure } from './match-figure.js';

export interface CounterEngine {
  compare(input: CompareInput): Promise<CompareOutcome>;
  checkFrame(bytes: Uint8Array): Promise<AnalyseResult>;
  readonly isReady: boolean;
}

/** The reader service as the counter sees it. */
export interface CardSource {
  readonly state: ReaderState;
  readonly port: string | null;
  on(e: 'card', l: (card: CardRead) => void): unknown;
  on(e: 'state', l: (state: ReaderState, port: string | null) => void): unknown;
  on(e: 'problem', l: (p: ReaderProblem) => void): unknown;
}

export interface CounterSettings {
  threshold: ThresholdLevel;
  quality: QualityLevel;
  terminalId: string;
  /** How long the result stays once the card is taken off (ms; 10 s by default). */
  holdMs?: number;
  /** Scores between the low threshold and the configured one go to the clerk as "review". */
  reviewBand?: boolean;
  /** With a placement held and nothing done at the counter for this long, it is cleared (ms). */
  idleMs?: number;
}

/** The counter's part of the terminal's settings. */
export const counterSettingsOf = (s: Settings): CounterSettings => ({
  threshold: s.threshold,
  quality: s.quality,
  terminalId: s.terminalId,
  holdMs: s.resultHoldSeconds * 1000,
  idleMs: s.counterIdleMinutes * 60_000,
  reviewBand: s.reviewBand,
});

export const DEFAULT_HOLD_MS = 10_000;
export const DEFAULT_IDLE_MS = 300_000;

/** Why the counter's personal state was cleared (audited; no personal data). */
export type ClearReason = 'card-removed' | 'logout' | 'user-switch' | 'session-expired' | 'idle' | 'reader-lost';

export const isExpired = (validTo: string | null, today = new Date()): boolean => {
  if (!validTo || validTo === 'long-term') return false;
  const local = new Date(today.getTime() - today.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
  return validTo < local;
};

/** The image type of decoded photo bytes (what the engine's decoder will read). */
export function mimeOf(b: Uint8Array): ImageMime | null {
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0x42 && b[1] === 0x4d) return 'image/bmp';
  return null;
}

const ulid = monotonicFactory();

/** The full result of an attempt (redacted per role when shown). */
interface AttemptResult {
  eventId: string;
  attempt: number;
  score: number;
  threshold: number;
  band: boolean;
  live: Buffer;
  totalMs: number;
}

interface LivePlacement {
  id: string;
  read: CardRead;
  view: CardView;
  image: Buffer | null;
  mime: ImageMime | null;
  photo: Promise<void>;
  attempt: number;
  phase: Placement['phase'];
  inflight: Promise<AttemptResult> | null;
  result: AttemptResult | null;
  error: { reason: string; message: string } | null;
  removedAt: number | null;
  clearAt: number | null;
}

export declare interface CounterService {
  on(e: 'state', l: () => void): this;
}

export class CounterService extends EventEmitter {
  private placement: LivePlacement | null = null;
  /** A card lies on the reader whose placement was ended early (sign-out, idle): lay it again. */
  private layAgain = false;
  private problem: CounterState['problem'] = null;
  private holdTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Who is signed in at the counter (the last clerk whose screen watched it or acted on it). */
  private counterUser: string | null = null;
  private readonly queries: EventQueries;

  constructor(
    private readonly engine: CounterEngine,
    private readonly store: SqliteEventStore,
    private readonly reader: CardSource,
    private readonly decoder: PhotoDecoder,
    public settings: CounterSettings,
  ) {
    super();
    this.setMaxListeners(100);
    this.queries = new EventQueries(store.db, store.key);
    reader.on('card', (c) => this.onCard(c));
    reader.on('state', (s) => {
      if (s !== 'error') this.problem = null;
      // The card is off the reader (or the reader is gone): the placement ends.
      if (s === 'idle' || s === 'no-reader') {
        this.layAgain = false;
        if (this.placement && this.placement.removedAt === null) this.cardRemoved(s === 'no-reader');
      }
      this.publish();
    });
    reader.on('problem', (p) => {
      this.problem = p;
      this.publish();
    });
  }

  private get holdMs(): number {
    return this.settings.holdMs ?? DEFAULT_HOLD_MS;
  }

  /** The state as `role` may see it (clerks get the 0–100 figure, not the exact score). */
  state(role: Role = 'clerk'): CounterState {
    const s = this.reader.state;
    const p = this.placement;
    return {
      reader: { state: s, message: STATE_MESSAGES[s], port: this.reader.port },
      card: p?.view ?? null,
      placement: p
        ? {
            id: p.id,
            attempt: p.attempt,
            phase: p.phase,
            result: p.result ? this.resultView(p, p.result, role) : null,
            error: p.error,
            removed_at: p.removedAt,
            clear_at: p.clearAt,
          }
        : null,
      lay_again: this.layAgain,
      problem: this.problem,
      engine_ready: this.engine.isReady,
    };
  }

  private publish(): void {
    this.emit('state');
  }

  private onCard(read: CardRead): void {
    this.endPlacement();
    this.layAgain = false;
    const view: CardView = {
      type: read.type,
      name: read.name || read.nameEn || '',
      sex: read.sex,
      nation: read.nation ?? read.nationality,
      birth: read.birth,
      id_number_masked: maskIdNumber(read.idNumber),
      id_number_valid: read.idNumberValid,
      issuer: read.issuer,
      valid_from: read.validFrom,
      valid_to: read.validTo,
      expired: isExpired(read.validTo),
      name_en: read.nameEn,
      nationality: read.nationality,
      pass_number: read.passNumber,
      issue_count: read.issueCount,
      photo_base64: null,
      photo_mime: null,
      photo_problem: null,
      photo_problem_code: null,
      read_at: Date.now() / 1000,
    };
    const p: LivePlacement = {
      id: ulid(),
      read,
      view,
      image: null,
      mime: null,
      photo: Promise.resolve(),
      attempt: 1,
      phase: 'reading-photo',
      inflight: null,
      result: null,
      error: null,
      removedAt: null,
      clearAt: null,
    };
    p.photo = this.decodePhoto(p);
    this.placement = p;
    this.problem = null;
    this.touch();
    this.publish();
  }

  /** The chip photo through the decoder (the vendor library runs in its own process): bytes kept as they are. */
  private async decodePhoto(p: LivePlacement): Promise<void> {
    try {
      const image = await this.decoder.decode(p.read.photo.bytes);
      const mime = mimeOf(image);
      if (!mime) throw new Error('the decoder did not return a JPEG, PNG or BMP image');
      p.image = image;
      p.mime = mime;
      p.view = { ...p.view, photo_base64: image.toString('base64'), photo_mime: mime };
    } catch (e) {
      p.view = {
        ...p.view,
        photo_problem: (e as Error).message,
        photo_problem_code: e instanceof PhotoDecoderError ? e.code : 'DECODE_FAILED',
      };
      p.error = { reason: 'CARD_PHOTO_UNREADABLE', message: (e as Error).message };
    }
    if (this.placement !== p) return;
    p.phase = p.image ? 'capture' : 'error';
    this.publish();
  }

  private cardRemoved(readerLost: boolean): void {
    const p = this.placement!;
    p.removedAt = Date.now() / 1000;
    // Nothing to show once the card is gone unless there is a result (or a check in flight).
    if (!p.result && !p.inflight) return this.clear(readerLost ? 'reader-lost' : 'card-removed');
    p.clearAt = p.removedAt + this.holdMs / 1000;
    this.scheduleHold(p);
  }

  private scheduleHold(p: LivePlacement): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(() => this.placement === p && this.clear('card-removed'), Math.max(0, p.clearAt! * 1000 - Date.now()));
    this.holdTimer.unref();
  }

  private endPlacement(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    this.placement = null;
  }

  /**
   * Ends the placement and forgets everything personal at once. With the card still on the reader
   * the screen asks for it to be laid again (a new clerk never sees the previous customer).
   */
  clear(reason: ClearReason): void {
    const had = this.placement !== null;
    const cardStillThere = this.placement !== null && this.placement.removedAt === null;
    this.endPlacement();
    if (cardStillThere || (reason !== 'card-removed' && reason !== 'reader-lost' && this.reader.state === 'card-present'))
      this.layAgain = true;
    if (had) audit(this.store.db, this.counterUser ?? 'system', 'counter.clear', null, { reason });
    this.publish();
  }

  /** A session ended (sign-out, expiry): the counter forgets its customer if it was theirs. */
  sessionEnded(username: string, reason: 'logout' | 'session-expired'): void {
    if (this.counterUser === null || this.counterUser === username) {
      this.counterUser = null;
      this.clear(reason);
    }
  }

  /** A user watches or uses the counter: another user than the last one is a user switch. */
  signedIn(username: string): void {
    if (this.counterUser !== null && this.counterUser !== username) this.clear('user-switch');
    this.counterUser = username;
  }

  /** Something was done at the counter: the idle timeout starts again. */
  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.placement && this.clear('idle'), this.settings.idleMs ?? DEFAULT_IDLE_MS);
    this.idleTimer.unref();
  }

  async checkFrame(frame: Uint8Array): Promise<FrameCheckAnswer> {
    return frameCheckAnswer(await this.engine.checkFrame(frame), this.settings.quality);
  }

  /** The placement a request names, if it is the one on the reader now; otherwise why not. */
  private current(placementId: string): LivePlacement {
    const p = this.placement;
    if (!p || p.removedAt !== null) {
      if (this.layAgain)
        throw new SophonError('PLACEMENT_ENDED', 'the card on the reader has to be taken off and laid again before a new check');
      throw new SophonError('NO_CARD_ON_READER');
    }
    if (p.id !== placementId) throw new SophonError('PLACEMENT_ENDED');
    return p;
  }

  /**
   * The check of one attempt of the placement on the reader. Every request for the same attempt
   * gets the same check (one event); the event is committed before this resolves.
   */
  async compare(
    placementId: string,
    attempt: number,
    frames: Uint8Array[],
    operator: string,
    role: Role = 'clerk',
  ): Promise<CounterResult> {
    const p = this.current(placementId);
    if (attempt < p.attempt)
      throw new SophonError(
        'PLACEMENT_ENDED',
        `attempt ${attempt} of this card has been followed by attempt ${p.attempt}; the screen shows the current one`,
      );
    if (attempt > p.attempt) throw new SophonError('BAD_FIELD', `attempt: this card is at attempt ${p.attempt}; press R for a new attempt`);
    this.touch();
    if (p.result) return this.resultView(p, p.result, role);
    if (!p.inflight) {
      // This attempt's check already failed (no face, no photo...): the same answer; R starts a new attempt.
      if (p.phase === 'error') throw new SophonError(isReason(p.error!.reason) ? p.error!.reason : 'ENGINE_FAILED', p.error!.message);
      p.phase = 'comparing'; // claimed synchronously: every other request for this attempt waits for this check
      p.inflight = this.runCheck(p, frames, operator);
      this.publish();
    }
    return this.resultView(p, await p.inflight, role);
  }

  private async runCheck(p: LivePlacement, frames: Uint8Array[], operator: string): Promise<AttemptResult> {
    const attempt = p.attempt;
    try {
      await p.photo;
      if (!p.image) throw new SophonError('CARD_PHOTO_UNREADABLE', p.view.photo_problem ?? undefined);
      const t0 = performance.now();
      const out = await this.engine.compare({
        card: p.image,
        frames,
        threshold: this.settings.threshold,
        fiqa: this.settings.quality,
        cardField: 'card photo',
        faceField: 'camera frame',
      });
      const band =
        (this.settings.reviewBand ?? true) && !out.same && out.score >= THRESHOLD_LEVELS.low && out.threshold > THRESHOLD_LEVELS.low;
      const live = Buffer.from(frames[out.face.frame_index]!);
      const eventId = this.store.saveCompareEvent({
        compareTime: Date.now() / 1000,
        source: 'counter',
        terminalId: this.settings.terminalId,
        operator,
        identity: toIdentityInfo(p.read),
        cardPhoto: p.image,
        livePhoto: live,
        score: out.score,
        threshold: out.threshold,
        decision: out.same,
        quality: { card: out.card, face: out.face },
        timings: { ...out.timings, queue_ms: out.queue_ms },
        modelId: out.model,
        placementId: p.id,
        attempt,
        reviewBand: band,
      });
      const r: AttemptResult = {
        eventId,
        attempt,
        score: out.score,
        threshold: out.threshold,
        band,
        live,
        totalMs: Math.round(performance.now() - t0),
      };
      if (p.attempt === attempt) {
        p.result = r;
        p.phase = 'result';
      }
      return r;
    } catch (e) {
      if (p.attempt === attempt) {
        p.phase = 'error';
        p.error =
          e instanceof SophonError
            ? { reason: e.reason, message: e.message }
            : { reason: 'ENGINE_FAILED', message: 'the check failed; press R to try again' };
      }
      throw e;
    } finally {
      p.inflight = null;
      if (this.placement === p) {
        if (p.removedAt !== null && p.clearAt === null) {
          p.clearAt = Date.now() / 1000 + this.holdMs / 1000; // the card left during the check: its hold starts now
          this.scheduleHold(p);
        }
        this.publish();
      }
    }
  }

  /** R: a new attempt of the placement, from the attempt the screen showed; repeats change nothing. */
  retry(placementId: string, fromAttempt: number): CounterState['placement'] {
    const p = this.current(placementId);
    this.touch();
    if (fromAttempt === p.attempt && (p.phase === 'result' || (p.phase === 'error' && p.image))) {
      p.attempt++;
      p.phase = 'capture';
      p.result = null;
      p.error = null;
      this.publish();
    }
    return this.state().placement;
  }

  /**
   * The clerk's step on the result on screen (and only that one): override it with a reason, or
   * pass / fail a review-band check. Enforced by the review state machine.
   */
  review(eventId: string, operator: string, action: Extract<ReviewAction, { by: 'clerk' }>): CounterResult {
    const p = this.placement;
    if (!p || p.result?.eventId !== eventId)
      throw new SophonError(
        'REVIEW_NOT_ALLOWED',
        'only the result on the counter screen can be reviewed at the counter; supervisors review older events',
      );
    this.touch();
    this.queries.review(eventId, operator, action);
    this.publish();
    return this.resultView(p, p.result, 'clerk');
  }

  /** The clerk's override of the result on screen; the reason is recorded and supervisors see it. */
  override(eventId: string, operator: string, reason: string): CounterResult {
    return this.review(eventId, operator, { by: 'clerk', kind: 'override', comment: reason });
  }

  /** The review steps of an event in the screens' words. */
  reviewView(eventId: string): ReviewView {
    const row = this.store.db
      .prepare('SELECT decision, review_state, review_band, clerk_review FROM events WHERE id = ?')
      .get(eventId) as Record<string, unknown>;
    const status = reviewStatusOf(row);
    const steps = this.queries.reviewsOf(eventId);
    const step = (stage: string) => {
      const r = steps.find((x) => x.stage === stage);
      return r
        ? { step: stage === 'clerk' ? status.clerk! : status.supervisor, by: r.reviewer, at: r.at, comment: r.comment || null }
        : null;
    };
    return {
      automatic: status.band ? 'review' : status.automatic ? 'pass' : 'fail',
      final: finalOf(status) ? 'pass' : 'fail',
      pending: isPending(status),
      clerk: step('clerk'),
      supervisor: step('supervisor'),
    };
  }

  private resultView(p: LivePlacement, r: AttemptResult, role: Role): CounterResult {
    const exact = roleAtLeast(role, 'supervisor');
    return {
      event_id: r.eventId,
      placement_id: p.id,
      attempt: r.attempt,
      decision: r.band ? 'review' : r.score >= r.threshold ? 'pass' : 'fail',
      match: matchFigure(r.score, r.threshold),
      score: exact ? r.score : null,
      threshold: exact ? r.threshold : null,
      live_base64: r.live.toString('base64'),
      card_base64: p.image!.toString('base64'),
      card_mime: p.mime!,
      total_ms: r.totalMs,
      review: this.reviewView(r.eventId),
    };
  }

  /**
   * The receipt of a stored event; who asked for it goes into the event's audit trail. A clerk gets
   * the receipt of the result on screen only; supervisors any event's.
   */
  receipt(eventId: string, actor: string, role: Role = 'clerk'): Receipt {
    if (!roleAtLeast(role, 'supervisor') && this.placement?.result?.eventId !== eventId)
      throw new SophonError(
        'REVIEW_NOT_ALLOWED',
        'a receipt is printed while its customer is at the counter; supervisors can print older ones',
      );
    const e = this.queries.existing(eventId);
    audit(this.store.db, actor, 'receipt.view', eventId, null);
    const hash = (this.store.db.prepare('SELECT hash FROM events WHERE id = ?').get(eventId) as { hash: string }).hash;
    const exact = roleAtLeast(role, 'supervisor');
    return {
      event_id: e.id,
      time: e.server_time,
      terminal: e.terminal_id,
      operator: e.operator,
      name_masked: maskName(e.identity?.user_name ?? ''),
      id_number_masked: maskIdNumber(e.identity?.user_idcard ?? ''),
      review: this.reviewView(eventId),
      match: matchFigure(e.score, e.threshold),
      score: exact ? e.score : null,
      threshold: exact ? e.threshold : null,
      placement_id: e.placement_id,
      attempt: e.attempt,
      card_base64: e.card_photo?.toString('base64') ?? null,
      card_mime: e.card_photo ? mimeOf(e.card_photo) : null,
      live_base64: e.live_photo?.toString('base64') ?? null,
      hash,
    };
  }
}
