// The clerk's 0–100 match figure, from the calibrated score (never the raw cosine): 60 is the
// configured threshold — the pass mark, as in a Chinese school grade — scores at or below 0 are 0,
// a score of 1 is 100, linear in between on each side. A fail never shows 60 or more, a pass never
// less. Supervisors keep the exact score.
export const PASS_MARK = 60;

export function matchFigure(score: number, threshold: number): number {
  const t = Math.min(Math.max(threshold, 1e-6), 1 - 1e-6);
  if (score >= t) return Math.min(100, Math.max(PASS_MARK, Math.round(PASS_MARK + ((100 - PASS_MARK) * (score - t)) / (1 - t))));
  return Math.min(PASS_MARK - 1, Math.max(0, Math.round((PASS_MARK * Math.max(0, score)) / t)));
}
