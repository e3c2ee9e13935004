/**
 * Whether a baseline is past its cold start, kept in the baseline workflow's memo. The Temporal server answers a
 * memo by itself (describe), so a worker that cannot get the baseline's state — its workflow busy or replaying —
 * still knows whether a record may go on unscored (cold start: nothing would be held anyway) or must wait and, past
 * ANOMALY_BASELINE_WAIT, be held (anomaly-check.ts).
 */
export const baselineColdStartMemoKey = 'coldStart';

export const BaselineColdStart = {
  /** Fewer records learned than the declared cold start: nothing is held. */
  learning: 'learning',
  /** The cold start is over (it never comes back: `observed` only grows). */
  passed: 'passed',
} as const;
export type BaselineColdStart = (typeof BaselineColdStart)[keyof typeof BaselineColdStart];

/** Marks baseline runs that keep `coldStart` in their memo (decided at the start of each run). */
export const baselineColdStartMemoPatch = 'baseline-cold-start-memo';

export function coldStartOf(observed: number, coldStartRecords: number): BaselineColdStart {
  return observed >= coldStartRecords ? BaselineColdStart.passed : BaselineColdStart.learning;
}
