// The in-process engine of one worker: loads the sessions and the calibration once, then answers
// analyse requests (decode → detect → landmarks → align → quality → embed) for one image at a time.
import type { AnalyseRequest, AnalyseResult } from '../contracts/engine.js';
import { analyseFace, DEFAULT_ANALYSE } from './analyse.js';
import { Calibration } from './calibration.js';
import { prepareImage } from './card-restore.js';
import { loadModelSet, type ModelSet } from './models/manifest.js';
import { livenessScore, measureQuality } from './quality.js';
import { ModelSessions } from './sessions.js';

const ms = (x: number) => Math.round(x * 100) / 100;

export class FaceEngine {
  private constructor(
    readonly set: ModelSet,
    private readonly sessions: ModelSessions,
    private readonly cal: Calibration | null,
  ) {}

  /** `calibration: 'none'` loads no calibration (used to compute the calibration itself). */
  static async load(opts: { modelsDir?: string; intraOpThreads?: number; calibration?: 'none' } = {}): Promise<FaceEngine> {
    const set = loadModelSet(opts.modelsDir);
    const calibration = opts.calibration === 'none' ? null : Calibration.load(set.dir);
    const sessions = await ModelSessions.load(set, { intraOpThreads: opts.intraOpThreads ?? 1 });
    return new FaceEngine(set, sessions, calibration);
  }

  /** The score calibration, for comparing in this process (the embeddings themselves are raw). */
  get calibration(): Calibration {
    if (!this.cal) throw new Error('this engine was loaded without a calibration');
    return this.cal;
  }

  get modelId(): string {
    return this.set.id;
  }

  async analyse(req: Omit<AnalyseRequest, 'id' | 'kind'>): Promise<AnalyseResult> {
    const t0 = performance.now();
    this.sessions.resetModelTime();
    const prepared = await prepareImage(req.bytes, req.field, req.role, req.limits);
    const t1 = performance.now();
    const img = prepared.image;
    const a = await analyseFace(this.sessions, img, req.role, { ...DEFAULT_ANALYSE, embed: req.embed });
    const t2 = performance.now();
    let quality = null;
    let liveness = null;
    if (a.subject && req.quality !== 'none') quality = await measureQuality(this.sessions, img, a.subject, req.quality === 'full');
    if (a.subject && req.liveness) liveness = await livenessScore(this.sessions, img, a.subject);
    const t3 = performance.now();
    return {
      width: img.width,
      height: img.height,
      format: img.format,
      jpeg_quality: prepared.jpegQuality,
      deblocked: prepared.deblocked,
      faces: a.subject ? Math.max(1, a.faces) : a.faces,
      found: a.subject !== null,
      via: a.subject?.via ?? null,
      box: a.subject?.box ?? null,
      detector_score: a.subject ? ms(a.subject.score) : null,
      embedding: a.embedding,
      embeddings: a.embeddings,
      quality,
      liveness,
      timings: {
        decode_ms: ms(t1 - t0),
        detect_ms: ms(a.timings.detect_ms),
        landmark_ms: ms(a.timings.landmark_ms),
        align_ms: ms(a.timings.align_ms),
        quality_ms: ms(t3 - t2),
        embed_ms: ms(a.timings.embed_ms),
        model_ms: ms(this.sessions.resetModelTime()),
        total_ms: ms(performance.now() - t0),
      },
    };
  }

  async close(): Promise<void> {
    await this.sessions.release();
  }
}
