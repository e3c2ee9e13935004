import { setTimeout as sleep } from 'node:timers/promises';
import { summarizeLatencies, type LatencySummary } from '../measure/latency-summary';
import type { ProcessUsage } from '../measure/process-usage';
import { signalWithStartDirect } from '../load/direct-signal-with-start';
import { runOpenLoop, type OpenLoopRun } from '../load/open-loop';
import { createWebhookPoster, signDealWebhooks } from '../load/signed-deal-webhooks';
import { round, type PhaseContext } from './phase-context';

/** One offered rate against one path (Loudwire's webhook, or signalWithStart straight to Temporal). */
export interface IngestRun {
  offeredPerSecond: number;
  sent: number;
  accepted: number;
  achievedPerSecond: number;
  /** Due time → answer, ms. */
  latency: LatencySummary;
  errors: number;
  errorSamples: string[];
  maxSendLagMs: number;
  usage: Record<string, ProcessUsage>;
}

export interface IngestComparison {
  offeredPerSecond: number;
  loudwire: IngestRun;
  ceiling: IngestRun;
  /** Loudwire's achieved rate as a share of the ceiling's. */
  throughputRatio: number;
  /** Loudwire's p99 over the ceiling's p99. */
  p99Ratio: number;
}

export interface IngestOptions {
  rates: readonly number[];
  secondsPerRate: number;
}

/**
 * Signed webhooks at each offered rate (open loop) to an API whose task queue has no worker, so acceptance is
 * measured alone; then the same payloads through signalWithStart directly, at the same rate, for the ceiling.
 */
export async function runIngestPhase(
  context: PhaseContext,
  options: IngestOptions,
): Promise<IngestComparison[]> {
  const { stack, print } = context;
  const poster = createWebhookPoster(`${stack.ingestApiUrl}/webhooks/crm`);
  const comparisons: IngestComparison[] = [];
  try {
    for (const rate of options.rates) {
      const count = Math.max(20, Math.round(rate * options.secondsPerRate));
      const loudwireWebhooks = signDealWebhooks(count, context.nextRunTag());
      print(`ingest: ${count} webhooks at ${rate}/s through the API…`);
      const loudwire = await measure(
        context,
        rate,
        count,
        (index) => poster.post(loudwireWebhooks[index]!),
        (answer) => (answer.status === 202 ? undefined : `HTTP ${answer.status}`),
      );
      await sleep(1_000);
      const ceilingWebhooks = signDealWebhooks(count, context.nextRunTag());
      print(`ingest: ${count} signalWithStart calls at ${rate}/s straight to Temporal (ceiling)…`);
      const ceiling = await measure(
        context,
        rate,
        count,
        (index) =>
          signalWithStartDirect(
            stack.temporal,
            { taskQueue: stack.taskQueues.ingest, workflowType: 'recordSyncWorkflow' },
            ceilingWebhooks[index]!,
          ),
        () => undefined,
      );
      await sleep(1_000);
      const comparison: IngestComparison = {
        offeredPerSecond: rate,
        loudwire,
        ceiling,
        throughputRatio: round(loudwire.achievedPerSecond / ceiling.achievedPerSecond, 3),
        p99Ratio: round(loudwire.latency.p99 / ceiling.latency.p99, 2),
      };
      print(
        `  ${rate}/s: Loudwire ${loudwire.achievedPerSecond}/s p99 ${loudwire.latency.p99} ms, ` +
          `ceiling ${ceiling.achievedPerSecond}/s p99 ${ceiling.latency.p99} ms, errors ${loudwire.errors}/${ceiling.errors}`,
      );
      comparisons.push(comparison);
    }
  } finally {
    poster.close();
  }
  return comparisons;
}

async function measure<T>(
  context: PhaseContext,
  rate: number,
  count: number,
  send: (index: number) => Promise<T>,
  problemOf: (result: T) => string | undefined,
): Promise<IngestRun> {
  context.stack.usage.begin();
  const run = await runOpenLoop({ ratePerSecond: rate, count, send, drainTimeoutMs: 30_000 });
  return summarizeRun(run, rate, problemOf, context.stack.usage.end());
}

/** Summarizes an open-loop run: accepted requests, achieved rate, latency from due time, and errors. */
export function summarizeRun<T>(
  run: OpenLoopRun<T>,
  offeredPerSecond: number,
  problemOf: (result: T) => string | undefined,
  usage: Record<string, ProcessUsage>,
): IngestRun {
  const problems: string[] = [];
  const acceptedSamples = run.samples.filter((sample) => {
    const problem = sample.error ?? (sample.result === undefined ? 'no result' : problemOf(sample.result));
    if (problem) problems.push(problem);
    return !problem;
  });
  const lastAnswer = Math.max(run.lastDueAt, ...acceptedSamples.map((sample) => sample.answeredAt));
  const sent = run.samples.length + run.timedOut;
  return {
    offeredPerSecond,
    sent,
    accepted: acceptedSamples.length,
    achievedPerSecond: round((acceptedSamples.length / (lastAnswer - run.startedAt)) * 1000),
    latency: roundSummary(
      summarizeLatencies(acceptedSamples.map((sample) => sample.answeredAt - sample.dueAt)),
    ),
    errors: problems.length + run.timedOut + run.notSent,
    errorSamples: [...new Set(problems)].slice(0, 3),
    maxSendLagMs: round(run.maxSendLagMs),
    usage,
  };
}

export function roundSummary(summary: LatencySummary): LatencySummary {
  return {
    count: summary.count,
    p50: round(summary.p50),
    p95: round(summary.p95),
    p99: round(summary.p99),
    max: round(summary.max),
    mean: round(summary.mean),
  };
}
