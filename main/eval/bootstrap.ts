// 95 % intervals by the identity bootstrap (the "subsets bootstrap" of biometric evaluation): each
// replicate draws the set's identities with replacement, and every pair carries the product of
// its two identities' draw counts (genuine pairs the count of their one identity). Pairs of one
// person are never split, so the correlation between a person's pairs stays in the interval.
// Thresholds at a false-match rate are found by walking the impostor tail kept by pair-scores.
import type { ScoredPairs } from './pair-scores.js';

export interface Interval {
  lo: number;
  hi: number;
}

export interface BootstrapResult {
  tarAtFar: (Interval | null)[];
  farAtThreshold: (Interval | null)[];
  frrAtThreshold: (Interval | null)[];
  replicates: number;
}

/** Small seeded generator (mulberry32): the intervals are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))));
  return s[i]!;
};

function interval(xs: number[]): Interval | null {
  const ok = xs.filter((x) => Number.isFinite(x));
  if (ok.length < xs.length * 0.95 || !ok.length) return null;
  return { lo: percentile(ok, 0.025), hi: percentile(ok, 0.975) };
}

export function bootstrap(
  pairs: ScoredPairs,
  fars: readonly number[],
  thresholds: readonly number[],
  replicates = 1000,
  seed = 19795,
): BootstrapResult {
  const nId = pairs.identities.length;
  const rand = rng(seed);
  const w = new Float64Array(nId);
  const { score: ts, a: ta, b: tb } = pairs.tail;
  const tailMin = ts.length ? ts[ts.length - 1]! : Infinity;
  const exhaustive = ts.length === pairs.impostor.length;
  const tar: number[][] = fars.map(() => []),
    far: number[][] = thresholds.map(() => []),
    frr: number[][] = thresholds.map(() => []);
  for (let r = 0; r < replicates; r++) {
    w.fill(0);
    for (let k = 0; k < nId; k++) w[Math.floor(rand() * nId)]! += 1;
    let sumWn = 0,
      sumWn2 = 0;
    for (let i = 0; i < nId; i++) {
      const x = w[i]! * pairs.photos[i]!;
      sumWn += x;
      sumWn2 += x * x;
    }
    const total = (sumWn * sumWn - sumWn2) / (pairs.ordered ? 1 : 2);
    // Impostor tail: thresholds at each FAR and the FAR at each named threshold.
    const tAt = fars.map(() => NaN);
    const farCount = thresholds.map(() => 0);
    const lowest = Math.min(...thresholds);
    let cum = 0,
      found = 0;
    for (let p = 0; p < ts.length; p++) {
      const s = ts[p]!;
      if (found === fars.length && s < lowest) break;
      cum += w[ta[p]!]! * w[tb[p]!]!;
      for (let f = 0; f < fars.length; f++) if (Number.isNaN(tAt[f]!) && cum > fars[f]! * total) ((tAt[f] = s), found++);
      for (let k = 0; k < thresholds.length; k++) if (s >= thresholds[k]!) farCount[k] = cum;
    }
    if (exhaustive) for (let f = 0; f < fars.length; f++) if (Number.isNaN(tAt[f]!)) tAt[f] = ts.length ? tailMin : -1;
    thresholds.forEach((t, k) => far[k]!.push(total > 0 && (t >= tailMin || exhaustive) ? farCount[k]! / total : NaN));
    // Genuine pairs, weighted by their identity's draw count.
    let gw = 0;
    const above = fars.map(() => 0),
      below = thresholds.map(() => 0);
    for (let g = 0; g < pairs.genuine.length; g++) {
      const wg = w[pairs.genuineId[g]!]!;
      if (!wg) continue;
      const s = pairs.genuine[g]!;
      gw += wg;
      for (let f = 0; f < fars.length; f++) if (s > tAt[f]!) above[f]! += wg;
      for (let k = 0; k < thresholds.length; k++) if (s < thresholds[k]!) below[k]! += wg;
    }
    fars.forEach((_, f) => tar[f]!.push(gw > 0 && !Number.isNaN(tAt[f]!) ? above[f]! / gw : NaN));
    thresholds.forEach((_, k) => frr[k]!.push(gw > 0 ? below[k]! / gw : NaN));
  }
  return { tarAtFar: tar.map(interval), farAtThreshold: far.map(interval), frrAtThreshold: frr.map(interval), replicates };
}
