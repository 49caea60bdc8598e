// Verification metrics over genuine and impostor score lists.

/** Raw score threshold for a false-match rate: the (⌊far·N⌋+1)-th highest impostor score; accept is `score > t`. */
export function thresholdAtFar(impostorsDesc: readonly number[], far: number): number {
  if (impostorsDesc.length === 0) return -1;
  const k = Math.floor(far * impostorsDesc.length);
  return impostorsDesc[Math.min(k, impostorsDesc.length - 1)]!;
}

export function tarAtFar(genuine: readonly number[], impostorsDesc: readonly number[], far: number): number {
  if (genuine.length === 0) return 0;
  const t = thresholdAtFar(impostorsDesc, far);
  return genuine.filter((g) => g > t).length / genuine.length;
}

/** Area under the ROC curve (probability a genuine pair outscores an impostor pair; ties count half). */
export function auc(genuine: readonly number[], impostor: readonly number[]): number {
  if (!genuine.length || !impostor.length) return 0;
  const all = [...genuine.map((s) => ({ s, g: 1 })), ...impostor.map((s) => ({ s, g: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.s === all[i]!.s) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]!.g) rankSum += avgRank;
    i = j;
  }
  const ng = genuine.length, ni = impostor.length;
  return (rankSum - (ng * (ng + 1)) / 2) / (ng * ni);
}

export const descending = (xs: readonly number[]): number[] => [...xs].sort((a, b) => b - a);
