/**
 * Epoch milliseconds with sub-millisecond precision, comparable across processes on one machine (every process
 * derives it from the same wall clock at start-up), so a landing seen by a child can be timed against a 202
 * seen by the benchmark.
 */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
