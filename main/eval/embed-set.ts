// Embeds a face set the way the product does (the same FaceEngine path as the API) under the card
// qualities asked for, keeping every model's raw (uncentred, unit-length) embedding. Results are
// cached on disk per model set and per photo (path, size, mtime), so calibrating and evaluating
// the 5,000-photo sets at several protocols embeds each photo once.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { cardPhotoJpeg } from '../engine/card-photo.js';
import { embeddingsOf } from '../engine/compare.js';
import type { FaceEngine } from '../engine/face-engine.js';
import { decodeImage, PHOTO_SET_LIMITS } from '../engine/image/decode.js';
import { DEFAULT_MODELS_DIR } from '../engine/models/manifest.js';
import type { FaceSetImage } from './dataset.js';

/** One model's embeddings of every photo of a set; null where the photo had no face. */
export type MemberEmbeddings = (Float32Array | null)[];
/** Per embedding model (feature, mobilefacenet …): the embeddings of every photo. */
export type SideEmbeddings = Record<string, MemberEmbeddings>;

export interface EmbeddedSet {
  live: SideEmbeddings;
  /** Card side per JPEG quality. */
  card: Map<number, SideEmbeddings>;
  noFaceLive: number;
  noFaceCard: Map<number, number>;
}

const CACHE_DIR = path.join(DEFAULT_MODELS_DIR, '.cache', 'eval');

interface CacheEntry {
  found: boolean;
  /** No live face, so no card photo could be made (not counted as a missed card face). */
  skipped?: boolean;
  box?: [number, number, number, number] | null;
  e: Record<string, Float32Array> | null;
}

function cacheKey(model: string, im: FaceSetImage, side: string): string {
  const st = statSync(im.file);
  return createHash('sha256')
    .update(`${model}\0${path.resolve(im.file)}\0${st.size}\0${st.mtimeMs}\0${side}`)
    .digest('hex')
    .slice(0, 32);
}

const toB64 = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
const fromB64 = (s: string) => {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

/** Append-only JSON-lines files per model set: one line per analysed photo side. */
class EmbeddingCache {
  private readonly file: string;
  private readonly entries = new Map<string, CacheEntry>();
  private pending: string[] = [];
  constructor(
    model: string,
    private readonly enabled: boolean,
  ) {
    const base = model.replace(/[^\w.@-]/g, '_');
    // Each process appends to its own file (several may fill the cache at once); all are read.
    this.file = path.join(CACHE_DIR, `${base}.${process.pid}.jsonl`);
    if (!enabled || !existsSync(CACHE_DIR)) return;
    for (const f of readdirSync(CACHE_DIR).filter((x) => x.startsWith(`${base}.`) && x.endsWith('.jsonl'))) {
      for (const line of readFileSync(path.join(CACHE_DIR, f), 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const { k, found, skipped, box, e } = JSON.parse(line) as {
            k: string;
            found: boolean;
            skipped?: boolean;
            box?: CacheEntry['box'];
            e: Record<string, string> | null;
          };
          this.entries.set(k, {
            found,
            skipped,
            box,
            e: e ? Object.fromEntries(Object.entries(e).map(([m, v]) => [m, fromB64(v)])) : null,
          });
        } catch {
          /* a torn last line (interrupted run) is recomputed */
        }
      }
    }
  }
  get(key: string): CacheEntry | undefined {
    return this.enabled ? this.entries.get(key) : undefined;
  }
  set(key: string, v: CacheEntry): void {
    if (!this.enabled) return;
    this.entries.set(key, v);
    const e = v.e ? Object.fromEntries(Object.entries(v.e).map(([m, x]) => [m, toB64(x)])) : null;
    this.pending.push(JSON.stringify({ k: key, found: v.found, skipped: v.skipped, box: v.box, e }));
    if (this.pending.length >= 200) this.flush();
  }
  flush(): void {
    if (!this.enabled || !this.pending.length) return;
    mkdirSync(CACHE_DIR, { recursive: true });
    appendFileSync(this.file, this.pending.join('\n') + '\n');
    this.pending = [];
  }
}

export interface EmbedOptions {
  /** Called after each photo with (done, total). */
  progress?: (done: number, total: number) => void;
}

/** `engine` must be loaded with `calibration: 'none'` (raw embeddings). */
export async function embedSet(
  engine: FaceEngine,
  images: readonly FaceSetImage[],
  cardQualities: readonly number[],
  opts: EmbedOptions = {},
): Promise<EmbeddedSet> {
  const cache = new EmbeddingCache(engine.modelId, process.env.SOPHONMATCH_EVAL_CACHE !== '0');
  const out: EmbeddedSet = {
    live: {},
    card: new Map(cardQualities.map((q) => [q, {}])),
    noFaceLive: 0,
    noFaceCard: new Map(cardQualities.map((q) => [q, 0])),
  };
  const put = (side: SideEmbeddings, i: number, e: Record<string, Float32Array> | null) => {
    for (const [k, v] of Object.entries(e ?? {})) (side[k] ??= new Array(images.length).fill(null))[i] = v;
  };
  const analyse = (bytes: Uint8Array, field: string, role: 'live' | 'card') =>
    engine.analyse({ role, field, bytes, embed: true, quality: 'none', liveness: false, limits: PHOTO_SET_LIMITS });
  try {
    for (let i = 0; i < images.length; i++) {
      const im = images[i]!;
      const liveKey = cacheKey(engine.modelId, im, 'live');
      let live = cache.get(liveKey);
      let bytes: Buffer | null = null;
      if (!live) {
        bytes = readFileSync(im.file);
        const r = await analyse(bytes, im.file, 'live');
        live = { found: r.found, box: r.box ? [r.box.x1, r.box.y1, r.box.x2, r.box.y2] : null, e: embeddingsOf(r) };
        cache.set(liveKey, live);
      }
      if (!live.found) out.noFaceLive++;
      put(out.live, i, live.e);
      for (const q of cardQualities) {
        const key = cacheKey(engine.modelId, im, `card-q${q}`);
        let card = cache.get(key);
        if (!card) {
          const b = live.box;
          if (!b) card = { found: false, skipped: true, e: null };
          else {
            bytes ??= readFileSync(im.file);
            const box = { x1: b[0], y1: b[1], x2: b[2], y2: b[3] };
            const jpeg = await cardPhotoJpeg(await decodeImage(bytes, im.file, PHOTO_SET_LIMITS), box, q);
            const r = await analyse(jpeg, 'card', 'card');
            card = { found: r.found, e: embeddingsOf(r) };
          }
          cache.set(key, card);
        }
        if (!card.found && !card.skipped) out.noFaceCard.set(q, out.noFaceCard.get(q)! + 1);
        put(out.card.get(q)!, i, card.e);
      }
      opts.progress?.(i + 1, images.length);
    }
  } finally {
    cache.flush();
  }
  return out;
}
