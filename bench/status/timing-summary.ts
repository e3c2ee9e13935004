import { loadavg } from 'node:os';

/** Median, 90th percentile and maximum (nearest rank) of some durations in milliseconds. */
export function summarizeRuns(values: readonly number[]): { median: number; p90: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)]!;
  return { median: at(0.5), p90: at(0.9), max: sorted.at(-1)! };
}

export function describeRuns(values: readonly number[]): string {
  const { median, p90, max } = summarizeRuns(values);
  return `median ${median} ms · p90 ${p90} ms · max ${max} ms (${values.length} runs: ${values.join(', ')})`;
}

/** The 1-, 5- and 15-minute load averages: on a shared machine they say how much the figures can be trusted. */
export function loadAverageText(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
}
