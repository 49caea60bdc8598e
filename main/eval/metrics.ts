// Verification metrics over genuine and impostor score lists (ISO/IEC 19795-1 terms: a pair is
// accepted when its score is above the decision threshold; a pair with a missed face scores
// NO_FACE_SCORE and is never accepted).

type Scores = ArrayLike<number>;

/** Raw score threshold for a false-match rate: the (⌊far·N⌋+1)-th highest impostor score; accept is `score > t`. */
export function thresholdAtFar(impostorsDesc: Scores, far: number): number {
  if (impostorsDesc.length === 0) return -1;
  const k = Math.floor(far * impostorsDesc.length);
  return impostorsDesc[Math.min(k, impostorsDesc.length - 1)]!;
}

export function tarAtFar(genuine: Scores, impostorsDesc: Scores, far: number): number {
  if (genuine.length === 0) return 0;
  const t = thresholdAtFar(impostorsDesc, far);
  let n = 0;
  for (let i = 0; i < genuine.length; i++) if (genuine[i]! > t) n++;
  return n / genuine.length;
}

/** Share of impostors (descending) at or above `t`: the false-match rate of accepting `score >= t`. */
export function farAt(impostorsDesc: Scores, t: number): number {
  if (!impostorsDesc.length) return 0;
  let lo = 0,
    hi = impostorsDesc.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (impostorsDesc[mid]! >= t) lo = mid + 1;
    else hi = mid;
  }
  return lo / impostorsDesc.length;
}

/** Share of genuine pairs below `t`: the false non-match rate of accepting `score >= t`. */
export function frrAt(genuine: Scores, t: number): number {
  if (!genuine.length) return 0;
  let n = 0;
  for (let i = 0; i < genuine.length; i++) if (genuine[i]! < t) n++;
  return n / genuine.length;
}

/** Area under the ROC curve (probability a genuine pair outscores an impostor pair; ties count half). */
export function auc(genuine: Scores, impostor: Scores): number {
  if (!genuine.length || !impostor.length) return 0;
  const imp = Float64Array.from(impostor as ArrayLike<number>).sort();
  const below = (x: number, strict: boolean) => {
    let lo = 0,
      hi = imp.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? imp[mid]! < x : imp[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let sum = 0;
  for (let i = 0; i < genuine.length; i++) {
    const g = genuine[i]!;
    const lt = below(g, true),
      le = below(g, false);
    sum += lt + (le - lt) / 2;
  }
  return sum / (genuine.length * imp.length);
}

export const descending = (xs: readonly number[]): number[] => [...xs].sort((a, b) => b - a);

/** DET curve points (false-match rate, false non-match rate) for thresholds along the impostor tail. */
export function detPoints(genuine: Scores, impostorsDesc: Scores, points = 60, minFar = 1e-6): { far: number; frr: number }[] {
  const n = impostorsDesc.length;
  if (!n || !genuine.length) return [];
  const g = Float64Array.from(genuine as ArrayLike<number>).sort();
  const lo = Math.log10(Math.max(minFar, 1 / n)),
    hi = 0;
  const out: { far: number; frr: number }[] = [];
  for (let p = 0; p <= points; p++) {
    const far = 10 ** (lo + ((hi - lo) * p) / points);
    const t = thresholdAtFar(impostorsDesc, far);
    let a = 0,
      b = g.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (g[mid]! <= t) a = mid + 1;
      else b = mid;
    }
    out.push({ far: Math.max(far, 1 / n), frr: a / g.length });
  }
  return out;
}
