import { setTimeout as sleep } from 'node:timers/promises';
import { describeSettled, waitForQuietMachine } from '../measure/quiet-machine';
import { summarizeLatencies, type LatencySummary } from '../measure/latency-summary';
import { runOpenLoop } from '../load/open-loop';
import {
  createWebhookPoster,
  signDealWebhooks,
  type SignedDealWebhook,
  type WebhookAnswer,
} from '../load/signed-deal-webhooks';
import { round, type PhaseContext } from './phase-context';
import {
  describeTemporalHoldTimes,
  readTemporalHoldHistogram,
  temporalHoldTimesBetween,
  type TemporalHoldTimes,
} from '../measure/webhook-temporal-histogram';
import { roundSummary } from './ingest-phase';

/** Issue 17 point 2: one API process offered more webhooks than it can hand to Temporal. */
export interface OverloadResult {
  offeredPerSecond: number;
  seconds: number;
  /** The API's bound on events in flight to Temporal (WEBHOOK_MAX_IN_FLIGHT). */
  maxInFlight: number;
  /** What the adaptive bound aims for (WEBHOOK_LATENCY_TARGET, ms); absent: the bound was fixed (off). */
  latencyTargetMs?: number;
  /** Attempts per event (the first included) before the sender gives up for this run. */
  maxAttempts: number;
  /** First attempts sent on the open-loop schedule. */
  offered: number;
  /** First attempts answered 202. */
  accepted: number;
  /** First attempts answered 503 `overloaded` (with Retry-After). */
  shed: number;
  /** First attempts answered anything else, or not answered (status or error → count). */
  otherErrors: Record<string, number>;
  /** Due time → answer of first attempts, ms. */
  acceptedLatency: LatencySummary;
  shedLatency: LatencySummary;
  /** Accepted webhooks per second over the offered window (first attempts only). */
  acceptedPerSecond: number;
  /**
   * The API's own timing of its Temporal calls while first attempts were answered (retries sent meanwhile
   * included): how much of an accepted answer was Temporal's.
   */
  temporalHoldTimes: TemporalHoldTimes;
  /** 503-answered events the sender sent again after Retry-After, as a Standard Webhooks sender does. */
  retries: {
    /** Events answered 503 (shed or Temporal unavailable) on their first attempt. */
    events: number;
    /** Retry requests sent in all. */
    attempts: number;
    /** Events accepted by a retry. */
    acceptedLater: number;
    /** Events still not accepted after the last allowed attempt (the sender would keep them for later). */
    gaveUp: number;
    /** Due time of the retry → its answer, ms, over every retry request. */
    latency: LatencySummary;
  };
  /** Every event acknowledged with 202, first attempt or retry. */
  acknowledged: number;
  /** Acknowledged events present at every target (the landing tracker). */
  landed: number;
  /** Acknowledged but not landed when none had landed for a minute (or after 20 min): must be 0. */
  acknowledgedLost: number;
  /** Acknowledged events that came in through a retry and landed. */
  landedAfterRetry: number;
}

export interface OverloadOptions {
  offeredPerSecond: number;
  seconds: number;
  maxInFlight: number;
  latencyTargetMs: number | undefined;
  /** Attempts per event in all (the first included) before the sender gives up for this run. */
  maxAttempts: number;
}

/**
 * Open-loop load past capacity on the API that feeds the Loudwire worker. Each shed event is retried after its
 * Retry-After (plus up to as much again of random spread, so retries do not arrive as one wave), up to
 * `maxAttempts`; then the landing tracker checks that every event acknowledged with 202 reached every target.
 */
export async function runOverloadPhase(
  context: PhaseContext,
  options: OverloadOptions,
): Promise<OverloadResult> {
  const { stack, print } = context;
  const count = Math.round(options.offeredPerSecond * options.seconds);
  const webhooks = signDealWebhooks(count, context.nextRunTag());
  const poster = createWebhookPoster(`${stack.apiUrl}/webhooks/crm`);
  const acknowledgedBy = new Map<string, 'first' | 'retry'>();
  const retriedEvents = new Set<string>();
  const retryLatencies: number[] = [];
  const pendingRetries = new Set<Promise<void>>();
  let retryAttempts = 0;
  let gaveUp = 0;
  const isShed = (answer: WebhookAnswer) => answer.status === 503 && answer.problemCode === 'overloaded';

  const retryLater = (webhook: SignedDealWebhook, answer: WebhookAnswer, attempt: number) => {
    if (attempt >= options.maxAttempts) {
      gaveUp += 1;
      return;
    }
    const waitMs = (answer.retryAfterSeconds ?? 1) * 1000 * (1 + Math.random());
    const retry = (async () => {
      await sleep(waitMs);
      const dueAt = performance.now();
      retryAttempts += 1;
      let next: WebhookAnswer;
      try {
        next = await poster.post(webhook);
      } catch {
        next = { status: 0 };
      }
      retryLatencies.push(performance.now() - dueAt);
      if (next.status === 202) acknowledgedBy.set(webhook.dealId, 'retry');
      else retryLater(webhook, next, attempt + 1);
    })();
    pendingRetries.add(retry);
    void retry.finally(() => pendingRetries.delete(retry));
  };

  print(`  ${describeSettled(await waitForQuietMachine())}`);
  print(
    `overload: ${count} webhooks at ${options.offeredPerSecond}/s for ${options.seconds} s to one API ` +
      `(${inFlightBound(options)}); shed ones retried after Retry-After…`,
  );
  const histogramBefore = await readTemporalHoldHistogram(stack.apiUrl);
  const run = await runOpenLoop({
    ratePerSecond: options.offeredPerSecond,
    count,
    drainTimeoutMs: 30_000,
    send: async (index) => {
      const webhook = webhooks[index]!;
      const answer = await poster.post(webhook);
      if (answer.status === 202) acknowledgedBy.set(webhook.dealId, 'first');
      else if (answer.status === 503) {
        // Shed, or Temporal briefly unreachable: either way not acknowledged, so the sender sends it again.
        retriedEvents.add(webhook.dealId);
        retryLater(webhook, answer, 1);
      }
      return answer;
    },
  });
  // Answers arriving after the drain wait still join run.samples (and their 202s still count as acknowledged):
  // the table reads the answers as they stood when the wait ended.
  const temporalHoldTimes = temporalHoldTimesBetween(
    histogramBefore,
    await readTemporalHoldHistogram(stack.apiUrl),
  );
  const answered = [...run.samples];
  const accepted = answered.filter((sample) => sample.result?.status === 202);
  const shed = answered.filter((sample) => sample.result !== undefined && isShed(sample.result));
  printAnswerTimeline(print, 'accepted', accepted, run.startedAt);
  printAnswerTimeline(print, 'shed', shed, run.startedAt);
  print(
    `  Temporal's answers as the API timed them (${temporalHoldTimes.held} held meanwhile): ` +
      describeTemporalHoldTimes(temporalHoldTimes),
  );
  const otherErrors: Record<string, number> = {};
  for (const sample of answered) {
    const result = sample.result;
    if (result?.status === 202 || (result && isShed(result))) continue;
    const kind = result ? `HTTP ${result.status} ${result.problemCode ?? ''}`.trim() : (sample.error ?? '?');
    otherErrors[kind] = (otherErrors[kind] ?? 0) + 1;
  }
  const unanswered = count - answered.length - run.notSent;
  if (unanswered > 0) otherErrors['no answer within the drain wait'] = unanswered;
  if (run.notSent > 0) otherErrors['not sent (generator bound)'] = run.notSent;
  print(
    `  first attempts: ${accepted.length} accepted, ${shed.length} shed (the generator sent up to ` +
      `${Math.round(run.maxSendLagMs)} ms late); waiting for ${pendingRetries.size} retries…`,
  );
  while (pendingRetries.size > 0) await Promise.all([...pendingRetries]);
  poster.close();

  print(
    `  ${acknowledgedBy.size} acknowledged (${retryAttempts} retries, ${gaveUp} given up); waiting for them ` +
      `to land (as long as they keep landing)…`,
  );
  const landedAt = await waitWhileLanding(context, [...acknowledgedBy.keys()]);
  const landedAfterRetry = [...landedAt.keys()].filter((key) => acknowledgedBy.get(key) === 'retry').length;
  const lastAnswer = Math.max(run.lastDueAt, ...accepted.map((sample) => sample.answeredAt));
  const result: OverloadResult = {
    offeredPerSecond: options.offeredPerSecond,
    seconds: options.seconds,
    maxInFlight: options.maxInFlight,
    ...(options.latencyTargetMs === undefined ? {} : { latencyTargetMs: options.latencyTargetMs }),
    maxAttempts: options.maxAttempts,
    offered: count,
    accepted: accepted.length,
    shed: shed.length,
    otherErrors,
    acceptedLatency: roundSummary(summarizeLatencies(accepted.map((s) => s.answeredAt - s.dueAt))),
    shedLatency: roundSummary(summarizeLatencies(shed.map((s) => s.answeredAt - s.dueAt))),
    acceptedPerSecond: round((accepted.length / (lastAnswer - run.startedAt)) * 1000),
    temporalHoldTimes,
    retries: {
      events: retriedEvents.size,
      attempts: retryAttempts,
      acceptedLater: [...acknowledgedBy.values()].filter((by) => by === 'retry').length,
      gaveUp,
      latency: roundSummary(summarizeLatencies(retryLatencies)),
    },
    acknowledged: acknowledgedBy.size,
    landed: landedAt.size,
    acknowledgedLost: acknowledgedBy.size - landedAt.size,
    landedAfterRetry,
  };
  print(
    `  accepted p99 ${result.acceptedLatency.p99} ms, shed p99 ${result.shedLatency.p99} ms; ` +
      `${result.landed}/${result.acknowledged} acknowledged landed (${result.acknowledgedLost} lost)`,
  );
  return result;
}

/**
 * First answers' time by second of the schedule (count, p50 and worst), accepted and shed apart: whether the tail
 * is the cold start (the first second opens every connection and warms the API's code) or spread over the run.
 */
function printAnswerTimeline(
  print: (line: string) => void,
  kind: string,
  samples: readonly { dueAt: number; answeredAt: number }[],
  startedAt: number,
): void {
  const bySecond = new Map<number, number[]>();
  for (const sample of samples) {
    const second = Math.floor((sample.dueAt - startedAt) / 1000);
    const latencies = bySecond.get(second) ?? [];
    latencies.push(sample.answeredAt - sample.dueAt);
    bySecond.set(second, latencies);
  }
  const parts = [...bySecond]
    .sort(([a], [b]) => a - b)
    .map(([second, latencies]) => {
      const { p50, max } = summarizeLatencies(latencies);
      return `${second}s ${latencies.length}× ${Math.round(p50)}/${Math.round(max)}`;
    });
  print(`  ${kind} first answers by second of the run, count× p50/worst ms: ${parts.join(', ')}`);
}

/**
 * Waits for the records to land for as long as they keep landing: a loaded machine lands them slowly but
 * surely, so a fixed deadline would call slow records lost. A record still missing after a minute with no landing
 * at all (or after 20 minutes) is reported as lost.
 */
async function waitWhileLanding(context: PhaseContext, keys: string[]): Promise<Map<string, number>> {
  const stallMs = 60_000;
  const giveUpAt = Date.now() + 20 * 60_000;
  let landed = new Map<string, number>();
  for (;;) {
    const before = landed.size;
    landed = await context.stack.loudwireLandings.waitForAll(keys, stallMs, (count, total) =>
      context.print(`  … ${count}/${total} landed`),
    );
    if (landed.size === keys.length || landed.size === before || Date.now() > giveUpAt) return landed;
  }
}

/** The API's in-flight bound as configured: adaptive up to WEBHOOK_MAX_IN_FLIGHT, or fixed at it. */
export function inFlightBound(
  overload: Pick<OverloadOptions, 'maxInFlight'> & { latencyTargetMs?: number | undefined },
): string {
  return overload.latencyTargetMs === undefined
    ? `WEBHOOK_MAX_IN_FLIGHT ${overload.maxInFlight}, fixed`
    : `in-flight bound adapting to WEBHOOK_LATENCY_TARGET ${overload.latencyTargetMs} ms, at most ` +
        `WEBHOOK_MAX_IN_FLIGHT ${overload.maxInFlight}`;
}
