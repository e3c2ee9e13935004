import { setTimeout as sleep } from 'node:timers/promises';
import { preciseNow } from '../measure/precise-clock';

export interface OpenLoopOptions<T> {
  /** Offered rate; request i is due at start + i / rate, whatever happened to earlier ones. */
  ratePerSecond: number;
  count: number;
  /** Sends request i; resolves with its result or rejects. */
  send: (index: number) => Promise<T>;
  /** Requests still unanswered this long after the last one was due are counted as timed out. */
  drainTimeoutMs: number;
  /** Beyond this many unanswered requests, due requests are not sent and are counted as `notSent`. */
  maxOutstanding?: number;
}

export interface OpenLoopSample<T> {
  index: number;
  /** When the request was due (epoch ms): latency is measured from here, so a slow server cannot hide it. */
  dueAt: number;
  sentAt: number;
  answeredAt: number;
  result?: T;
  error?: string;
}

export interface OpenLoopRun<T> {
  samples: OpenLoopSample<T>[];
  startedAt: number;
  /** When the last request was due. */
  lastDueAt: number;
  timedOut: number;
  notSent: number;
  /** Worst lateness of a send against its schedule (ms): large values mean the generator itself fell behind. */
  maxSendLagMs: number;
}

/**
 * An open-loop load generator: requests leave on a fixed schedule, independent of responses, so queueing
 * in the system under test shows up as latency instead of silently lowering the offered rate (the
 * "coordinated omission" of closed-loop tools). Bounded by `count` and `drainTimeoutMs`.
 */
export async function runOpenLoop<T>(options: OpenLoopOptions<T>): Promise<OpenLoopRun<T>> {
  const intervalMs = 1000 / options.ratePerSecond;
  const maxOutstanding = options.maxOutstanding ?? 5_000;
  const samples: OpenLoopSample<T>[] = [];
  const inFlight = new Set<Promise<void>>();
  let notSent = 0;
  let maxSendLagMs = 0;
  const startedAt = preciseNow();

  for (let index = 0; index < options.count;) {
    const now = preciseNow();
    // Send everything that is due; if the event loop was late, catch up at once (that is what open loop means).
    while (index < options.count && startedAt + index * intervalMs <= now) {
      const dueAt = startedAt + index * intervalMs;
      maxSendLagMs = Math.max(maxSendLagMs, now - dueAt);
      if (inFlight.size >= maxOutstanding) {
        notSent += 1;
      } else {
        const sample: OpenLoopSample<T> = { index, dueAt, sentAt: preciseNow(), answeredAt: Number.NaN };
        const pending = options.send(index).then(
          (result) => {
            sample.result = result;
          },
          (error: unknown) => {
            sample.error = error instanceof Error ? error.message : String(error);
          },
        );
        const tracked = pending.then(() => {
          sample.answeredAt = preciseNow();
          samples.push(sample);
          inFlight.delete(tracked);
        });
        inFlight.add(tracked);
      }
      index += 1;
    }
    if (index < options.count) await sleep(Math.max(0, startedAt + index * intervalMs - preciseNow()));
  }
  const lastDueAt = startedAt + (options.count - 1) * intervalMs;
  const drained = Promise.all(inFlight).then(() => 'drained' as const);
  await Promise.race([drained, sleep(options.drainTimeoutMs)]);
  return { samples, startedAt, lastDueAt, timedOut: inFlight.size, notSent, maxSendLagMs };
}
