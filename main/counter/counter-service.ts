// The counter flow, independent of how the screen talks to it (HTTP/SSE in the web build, IPC in
// the desktop app): a card read arrives from the reader → the screen is told → the screen sends a
// burst of camera frames → the engine compares the chip photo with the best frame → the event is
// committed → the result goes back. Receipts are rendered from the stored event.
import { EventEmitter } from 'node:events';
import sharp from 'sharp';
import { maskIdNumber, maskName } from '../common/mask.js';
import { SophonError } from '../common/errors.js';
import type { AnalyseResult } from '../contracts/engine.js';
import type { CardView, CounterResult, CounterState, FrameCheckAnswer, Receipt } from '../contracts/counter-api.js';
import type { ThresholdLevel } from '../engine/calibration.js';
import type { CompareInput, CompareOutcome } from '../engine/compare.js';
import type { QualityLevel } from '../engine/quality.js';
import type { CardRead } from '../reader/card/card-read.js';
import { toIdentityInfo } from '../reader/card/card-read.js';
import { STATE_MESSAGES, type ReaderProblem, type ReaderState } from '../reader/reader-service.js';
import type { SqliteEventStore } from '../store/events.js';
import { audit } from '../store/maintenance.js';
import { EventQueries } from '../store/review-queries.js';
import type { PhotoDecoder } from '../../native/wlt/decoder.js';
import { frameCheckAnswer } from './frame-hint.js';

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
}

export const isExpired = (validTo: string | null, today = new Date()): boolean => {
  if (!validTo || validTo === 'long-term') return false;
  const local = new Date(today.getTime() - today.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
  return validTo < local;
};

const toJpeg = async (img: Uint8Array): Promise<Buffer> => ((img[0] === 0xff && img[1] === 0xd8) ? Buffer.from(img) : sharp(img).jpeg({ quality: 90 }).toBuffer());

export declare interface CounterService {
  on(e: 'state', l: (s: CounterState) => void): this;
}

export class CounterService extends EventEmitter {
  private card: { read: CardRead; image: Buffer | null; view: CardView } | null = null;
  private problem: CounterState['problem'] = null;
  private readonly queries: EventQueries;

  constructor(
    private readonly engine: CounterEngine,
    private readonly store: SqliteEventStore,
    private readonly reader: CardSource,
    private readonly decoder: PhotoDecoder,
    public settings: CounterSettings,
  ) {
    super();
    this.queries = new EventQueries(store.db, store.key);
    reader.on('card', (c) => void this.onCard(c));
    reader.on('state', () => {
      if (this.reader.state !== 'error') this.problem = null;
      this.publish();
    });
    reader.on('problem', (p) => {
      this.problem = p;
      this.publish();
    });
  }

  state(): CounterState {
    const s = this.reader.state;
    return { reader: { state: s, message: STATE_MESSAGES[s], port: this.reader.port }, card: this.card?.view ?? null, problem: this.problem, engine_ready: this.engine.isReady };
  }

  private publish(): void {
    this.emit('state', this.state());
  }

  private async onCard(read: CardRead): Promise<void> {
    let image: Buffer | null = null;
    let problem: string | null = null;
    try {
      image = await toJpeg(await this.decoder.decode(read.photo.bytes));
    } catch (e) {
      problem = (e as Error).message;
    }
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
      photo_jpeg_base64: image?.toString('base64') ?? null,
      photo_problem: problem,
      read_at: Date.now() / 1000,
    };
    this.card = { read, image, view };
    this.problem = null;
    this.publish();
  }

  async checkFrame(frame: Uint8Array): Promise<FrameCheckAnswer> {
    return frameCheckAnswer(await this.engine.checkFrame(frame), this.settings.quality);
  }

  /** Compares the card on the reader with the burst; the event is committed before this resolves. */
  async compare(frames: Uint8Array[], operator: string): Promise<CounterResult> {
    const card = this.card;
    if (!card) throw new SophonError('MISSING_FIELD', 'no ID card has been read yet: lay the card on the reader first');
    if (!card.image) throw new SophonError('NOT_AN_IMAGE', card.view.photo_problem ?? 'the chip photo could not be decoded');
    const t0 = performance.now();
    const out = await this.engine.compare({ card: card.image, frames, threshold: this.settings.threshold, fiqa: this.settings.quality, cardField: 'card photo', faceField: 'camera frame' });
    const live = await toJpeg(frames[out.face.frame_index]!);
    const eventId = this.store.saveCompareEvent({
      compareTime: Date.now() / 1000,
      source: 'counter',
      terminalId: this.settings.terminalId,
      operator,
      identity: toIdentityInfo(card.read),
      cardPhoto: card.image,
      livePhoto: live,
      score: out.score,
      threshold: out.threshold,
      decision: out.same,
      quality: { card: out.card, face: out.face },
      timings: { ...out.timings, queue_ms: out.queue_ms },
      modelId: out.model,
    });
    return {
      event_id: eventId,
      decision: out.same ? 'pass' : 'fail',
      score: out.score,
      threshold: out.threshold,
      live_jpeg_base64: live.toString('base64'),
      card_jpeg_base64: card.image.toString('base64'),
      total_ms: Math.round(performance.now() - t0),
    };
  }

  /** The clerk overrides a result; the reason is recorded and supervisors see it. */
  override(eventId: string, operator: string, reason: string): void {
    if (!this.queries.review(eventId, operator, 'overridden', reason)) throw new SophonError('UNKNOWN_PATH', `no event ${eventId}`);
  }

  /** The receipt of a stored event; who asked for it goes into the event's audit trail. */
  receipt(eventId: string, actor: string): Receipt {
    const e = this.queries.get(eventId);
    if (!e) throw new SophonError('UNKNOWN_PATH', `no event ${eventId}`);
    audit(this.store.db, actor, 'receipt.view', eventId, null);
    const hash = (this.store.db.prepare('SELECT hash FROM events WHERE id = ?').get(eventId) as { hash: string }).hash;
    return {
      event_id: e.id,
      time: e.server_time,
      terminal: e.terminal_id,
      operator: e.operator,
      name_masked: maskName(e.identity?.user_name ?? ''),
      id_number_masked: maskIdNumber(e.identity?.user_idcard ?? ''),
      decision: e.decision ? 'pass' : 'fail',
      review_state: e.review_state,
      score: e.score,
      threshold: e.threshold,
      card_jpeg_base64: e.card_photo?.toString('base64') ?? null,
      live_jpeg_base64: e.live_photo?.toString('base64') ?? null,
      hash,
    };
  }
}
