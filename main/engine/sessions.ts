// ONNX Runtime sessions for the model set, loaded once per worker. Every run is timed so that the
// pipeline can report how much of its time is the models' own (the bench's e2e_over_model).
import ort from 'onnxruntime-node';
import { toGrey, toPlanar, type RgbImage } from './image/raster.js';
import type { ModelInput, ModelRole, ModelSet } from './models/manifest.js';
import { missingModels } from './models/install.js';

export interface SessionOptions {
  /** Threads inside one inference; 1 per worker lets the pool use the cores. */
  intraOpThreads: number;
  /** Roles to load at start; the others load on first use. Defaults to those every compare needs. */
  roles?: readonly ModelRole[];
}

/** The models every compare runs; pose, eye and liveness load when a quality gate or liveness first needs them. */
export const EAGER_ROLES: readonly ModelRole[] = ['detect', 'landmark', 'feature', 'mobilefacenet'];

export class ModelSessions {
  /** Milliseconds spent inside `session.run`, summed since the last `resetModelTime()`. */
  modelMs = 0;
  private readonly loading = new Map<ModelRole, Promise<ort.InferenceSession>>();
  private constructor(
    readonly set: ModelSet,
    private readonly sessions: Map<ModelRole, ort.InferenceSession>,
    private readonly sessionOpts: ort.InferenceSession.SessionOptions,
  ) {}

  static async load(set: ModelSet, opts: SessionOptions): Promise<ModelSessions> {
    // Every file is checked (size and sha256) at start, so a damaged install fails now, not mid-shift.
    const missing = missingModels(set);
    if (missing.length) throw new Error(`model files missing or damaged in ${set.dir}: ${missing.join(', ')}; run \`npm run models\``);
    const sessionOpts: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: opts.intraOpThreads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      enableCpuMemArena: true,
    };
    const roles = opts.roles ?? EAGER_ROLES;
    const entries = await Promise.all(roles.map(async (r) => [r, await ort.InferenceSession.create(set.pathOf(r), sessionOpts)] as const));
    return new ModelSessions(set, new Map(entries), sessionOpts);
  }

  /** A model's input tensor as the manifest describes it (`input`): size, layout, channel order, mean and std. */
  input(role: ModelRole): ModelInput {
    return this.set.manifest.files[role].input;
  }

  /**
   * Runs one model on an image of exactly its input size, made into its input tensor as the manifest
   * says: (x − mean) / std per channel, planar in the model's channel order, or of the grey image.
   * `into` (planar only) is a buffer to reuse for the tensor.
   */
  async runImage(role: ModelRole, img: RgbImage, into?: Float32Array): Promise<Float32Array[]> {
    const { shape, layout, channels, mean, std } = this.input(role);
    if (img.width !== shape[3] || img.height !== shape[2])
      throw new Error(`${role}: a ${img.width}×${img.height} image for a ${shape[3]}×${shape[2]} input`);
    if (layout === 'planar')
      return this.run(role, toPlanar(img, mean as [number, number, number], std as [number, number, number], channels!, into), shape);
    const grey = toGrey(img).data,
      data = new Float32Array(grey.length);
    for (let i = 0; i < grey.length; i++) data[i] = (grey[i]! - mean[0]!) / std[0]!;
    return this.run(role, data, shape);
  }

  private async session(role: ModelRole): Promise<ort.InferenceSession> {
    const s = this.sessions.get(role);
    if (s) return s;
    let p = this.loading.get(role);
    if (!p) {
      p = ort.InferenceSession.create(this.set.pathOf(role), this.sessionOpts);
      this.loading.set(role, p);
    }
    const loaded = await p;
    this.sessions.set(role, loaded);
    this.loading.delete(role);
    return loaded;
  }

  /** Runs one model on one float32 input tensor; returns its outputs in the model's order. */
  async run(role: ModelRole, data: Float32Array, dims: readonly number[]): Promise<Float32Array[]> {
    const s = await this.session(role);
    const input = new ort.Tensor('float32', data, dims);
    const t0 = performance.now();
    const out = await s.run({ [s.inputNames[0]!]: input });
    this.modelMs += performance.now() - t0;
    return s.outputNames.map((n) => out[n]!.data as Float32Array);
  }

  resetModelTime(): number {
    const ms = this.modelMs;
    this.modelMs = 0;
    return ms;
  }

  async release(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.release()));
    this.sessions.clear();
  }
}
