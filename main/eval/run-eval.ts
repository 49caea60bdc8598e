// The evaluation report of the engine on a face set under one protocol: TAR at fixed false-match
// rates with 95 % identity-bootstrap intervals, and the false-match and false non-match rates the
// shipped thresholds (low / middle / high) give on these pairs — for all people and, when a list of
// people is given, for that subgroup alone (its genuine pairs and the impostor pairs among them).
import { readFileSync, writeFileSync } from 'node:fs';
import { THRESHOLD_LEVELS, type ThresholdLevel } from '../contracts/thresholds.js';
import { Calibration, FAR_OF_LEVEL, type ModelConfig, type ScoreConfig } from '../engine/calibration.js';
import { FaceEngine } from '../engine/face-engine.js';
import { bootstrap, type Interval } from './bootstrap.js';
import { listFaceSet, type FaceSetImage } from './dataset.js';
import { detSvg, type DetSeries } from './det-plot.js';
import { embedSet, type EmbeddedSet } from './embed-set.js';
import { auc, detPoints, farAt, frrAt, tarAtFar, thresholdAtFar } from './metrics.js';
import { parseProtocol, scorePairs, type ScoredPairs } from './pair-scores.js';

export const REPORT_FARS = ['1e-2', '1e-3', '1e-4', '1e-5'] as const;
type Far = (typeof REPORT_FARS)[number];
const LEVELS = Object.keys(THRESHOLD_LEVELS) as ThresholdLevel[];

export interface GroupFigures {
  identities: number;
  images: number;
  genuine: number;
  impostor: number;
  auc: number;
  tar_at_far: Record<Far, number>;
  /** 95 % interval of each TAR (identity bootstrap); null where the pairs cannot bound it. */
  tar_at_far_ci: Record<Far, [number, number] | null>;
  /** Raw score at each false-match rate on these pairs. */
  thresholds: Record<Far, number>;
  /** False-match rate of the shipped thresholds on these pairs (claimed: low 1e-3, middle 1e-4, high 1e-5). */
  far_at_threshold: Record<ThresholdLevel, number>;
  far_at_threshold_ci: Record<ThresholdLevel, [number, number] | null>;
  frr_at_threshold: Record<ThresholdLevel, number>;
  frr_at_threshold_ci: Record<ThresholdLevel, [number, number] | null>;
}

export interface EvalReport extends GroupFigures {
  protocol: string;
  no_face_live: number;
  no_face_card: number;
  model: string;
  config: ModelConfig;
  claimed_far: Record<ThresholdLevel, number>;
  bootstrap_replicates: number;
  subgroup?: GroupFigures & { name: string };
}

export interface EvalOptions {
  config?: ModelConfig;
  subgroup?: string;
  plot?: string;
  replicates?: number;
  progress?: (line: string) => void;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;
const sig = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(3)));
const ci = (i: Interval | null, round: (x: number) => number): [number, number] | null => (i ? [round(i.lo), round(i.hi)] : null);

export function groupFigures(pairs: ScoredPairs, images: number, knots: Record<ThresholdLevel, number>, replicates: number): GroupFigures {
  const fars = REPORT_FARS.map(Number);
  const levelKnots = LEVELS.map((l) => knots[l]);
  const b = bootstrap(pairs, fars, levelKnots, replicates);
  const rec = <K extends string, V>(keys: readonly K[], f: (k: K, i: number) => V) =>
    Object.fromEntries(keys.map((k, i) => [k, f(k, i)])) as Record<K, V>;
  return {
    identities: pairs.identities.length,
    images,
    genuine: pairs.genuine.length,
    impostor: pairs.impostor.length,
    auc: r4(auc(pairs.genuine, pairs.impostor)),
    tar_at_far: rec(REPORT_FARS, (f) => r4(tarAtFar(pairs.genuine, pairs.impostor, Number(f)))),
    tar_at_far_ci: rec(REPORT_FARS, (_, i) => ci(b.tarAtFar[i]!, r4)),
    thresholds: rec(REPORT_FARS, (f) => r4(thresholdAtFar(pairs.impostor, Number(f)))),
    far_at_threshold: rec(LEVELS, (l) => sig(farAt(pairs.impostor, knots[l]))),
    far_at_threshold_ci: rec(LEVELS, (_, i) => ci(b.farAtThreshold[i]!, sig)),
    frr_at_threshold: rec(LEVELS, (l) => r4(frrAt(pairs.genuine, knots[l]))),
    frr_at_threshold_ci: rec(LEVELS, (_, i) => ci(b.frrAtThreshold[i]!, r4)),
  };
}

/** People named in a subgroup file: one folder name a line; blank lines and # comments ignored. */
export function readSubgroup(file: string): Set<string> {
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean),
  );
}

/** Pairs of `images` (with their embeddings, by index into the full set) under the protocol. */
export function pairsOf(
  images: readonly FaceSetImage[],
  e: EmbeddedSet,
  protocol: ReturnType<typeof parseProtocol>,
  config: ScoreConfig,
  pick?: number[],
): ScoredPairs {
  const sel = <T>(xs: readonly T[]) => (pick ? pick.map((i) => xs[i]!) : [...xs]);
  const side = (s: Record<string, (Float32Array | null)[]>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, sel(v)]));
  const cards = protocol.kind === 'card' ? side(e.card.get(protocol.quality)!) : null;
  return scorePairs(sel(images), cards, side(e.live), config);
}

export async function runEval(dir: string, protocolName: string, opts: EvalOptions = {}): Promise<EvalReport> {
  const protocol = parseProtocol(protocolName);
  const images = listFaceSet(dir);
  const calibration = Calibration.load(undefined, opts.config);
  const replicates = opts.replicates ?? 1000;
  const knots: Record<ThresholdLevel, number> = {
    low: calibration.config.score_at_far['1e-3'],
    middle: calibration.config.score_at_far['1e-4'],
    high: calibration.config.score_at_far['1e-5'],
  };
  const engine = await FaceEngine.load({ intraOpThreads: 2, calibration: 'none' });
  try {
    const qualities = protocol.kind === 'card' ? [protocol.quality] : [];
    let last = 0;
    const e = await embedSet(engine, images, qualities, {
      progress: (done, total) => {
        const now = Date.now();
        if (done === total || now - last > 2000) (opts.progress?.(`eval: ${protocolName}: embedded ${done}/${total} photos`), (last = now));
      },
    });
    opts.progress?.(`eval: ${protocolName}: scoring pairs`);
    const pairs = pairsOf(images, e, protocol, calibration.config);
    const all = groupFigures(pairs, images.length, knots, replicates);
    const report: EvalReport = {
      protocol: protocolName,
      ...all,
      no_face_live: e.noFaceLive,
      no_face_card: protocol.kind === 'card' ? e.noFaceCard.get(protocol.quality)! : 0,
      model: engine.modelId,
      config: calibration.configName,
      claimed_far: FAR_OF_LEVEL,
      bootstrap_replicates: replicates,
    };
    const series: DetSeries[] = [{ name: `all (${all.identities} people)`, points: detPoints(pairs.genuine, pairs.impostor) }];
    if (opts.subgroup) {
      const people = readSubgroup(opts.subgroup);
      const pick = images.flatMap((im, i) => (people.has(im.identity) ? [i] : []));
      if (!pick.length) throw new Error(`none of the people in ${opts.subgroup} is in ${dir}`);
      opts.progress?.(`eval: ${protocolName}: scoring the subgroup's pairs`);
      const sp = pairsOf(images, e, protocol, calibration.config, pick);
      report.subgroup = { name: opts.subgroup, ...groupFigures(sp, pick.length, knots, replicates) };
      series.push({ name: `subgroup (${report.subgroup.identities} people)`, points: detPoints(sp.genuine, sp.impostor) });
    }
    if (opts.plot) {
      writeFileSync(
        opts.plot,
        detSvg(`DET: ${dir.replace(/\/+$/, '').split('/').pop()} ${protocolName} (${calibration.configName})`, series),
      );
    }
    return report;
  } finally {
    await engine.close();
  }
}
