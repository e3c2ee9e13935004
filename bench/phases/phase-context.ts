import type { BenchStack } from '../stack/bench-stack';

export interface PhaseContext {
  stack: BenchStack;
  /** Progress lines (stdout). */
  print: (line: string) => void;
  /** Unique per call, so deal IDs (and so workflow IDs) never repeat within a server. */
  nextRunTag: () => string;
}

/** Rounds for display and JSON: 0.1 ms is below any noise these figures carry. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
