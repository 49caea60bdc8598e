// The contract's named thresholds (sophonmatch-api.md): the compare API accepts them by name, the
// supervisor's dashboard shows them. Their false-match meaning comes from the calibration
// (main/engine/calibration.ts).

/** The contract's named thresholds; their false-match meaning comes from the calibration. */
export const THRESHOLD_LEVELS = { low: 0.175, middle: 0.225, high: 0.275 } as const;
export type ThresholdLevel = keyof typeof THRESHOLD_LEVELS;
