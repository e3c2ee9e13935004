/**
 * The API's own measure of how long Temporal took to hold each webhook event (`loudwire_webhook_temporal_seconds`
 * on its /metrics), read before and after a phase: the part of an accepted answer's time spent waiting for
 * Temporal, as against the API's own work, the network and the load generator.
 */
export interface TemporalHoldTimes {
  /** Calls Temporal answered (outcome `held`) between the two reads. */
  held: number;
  /** Calls that failed (unreachable, deadline) between the two reads. */
  failed: number;
  /** Upper bound in ms → share of held calls that took at most that long (0–1). */
  within: { ms: number; share: number }[];
}

type Buckets = Map<number, number>;

/** Cumulative bucket counts of held calls (upper bound in seconds → count) and the failed count. */
export async function readTemporalHoldHistogram(apiUrl: string): Promise<{ held: Buckets; failed: number }> {
  const response = await fetch(`${apiUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${apiUrl}/metrics answered ${response.status}`);
  const held: Buckets = new Map();
  let failed = 0;
  for (const line of (await response.text()).split('\n')) {
    if (line.startsWith('loudwire_webhook_temporal_seconds_bucket{') && line.includes('outcome="held"')) {
      const bound = /le="([^"]+)"/.exec(line)?.[1];
      if (bound === undefined || bound === '+Inf') continue;
      held.set(Number(bound), Number(line.slice(line.lastIndexOf(' ') + 1)));
    } else if (line.startsWith('loudwire_webhook_temporal_seconds_count{outcome="failed"}')) {
      failed = Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return { held, failed };
}

/** What happened between two reads of the histogram. */
export function temporalHoldTimesBetween(
  before: { held: Buckets; failed: number },
  after: { held: Buckets; failed: number },
): TemporalHoldTimes {
  const bounds = [...after.held.keys()].sort((a, b) => a - b);
  const countWithin = (bound: number) => (after.held.get(bound) ?? 0) - (before.held.get(bound) ?? 0);
  // The largest finite bucket (30 s) is above the API's deadline: every held call is in it.
  const held = bounds.length === 0 ? 0 : countWithin(bounds.at(-1)!);
  return {
    held,
    failed: after.failed - before.failed,
    within: bounds.map((bound) => ({
      ms: Math.round(bound * 1000 * 10) / 10,
      share: held === 0 ? 0 : countWithin(bound) / held,
    })),
  };
}

/** `≤ 10 ms 42 %, ≤ 25 ms 80 %, …` for the bounds from 5 ms to 1 s (below, Temporal never answers; above, the deadline). */
export function describeTemporalHoldTimes(times: TemporalHoldTimes): string {
  if (times.held === 0) return 'no call held';
  const shown = times.within.filter((bucket) => bucket.ms >= 5 && bucket.ms <= 1000);
  return shown.map((bucket) => `≤ ${bucket.ms} ms ${Math.round(bucket.share * 1000) / 10} %`).join(', ');
}
