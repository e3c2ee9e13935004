import { describeSettled, waitForQuietMachine } from '../measure/quiet-machine';
import { summarizeLatencies, type LatencySummary } from '../measure/latency-summary';
import { measureLandingBreakdown, type LandingBreakdown } from '../measure/landing-breakdown';
import { recordWorkflowId } from '../../src/temporal/record-workflow-id';
import type { ProcessUsage } from '../measure/process-usage';
import { signalWithStartDirect } from '../load/direct-signal-with-start';
import { runOpenLoop } from '../load/open-loop';
import {
  createWebhookPoster,
  signDealWebhooks,
  type SignedDealWebhook,
  type WebhookAnswer,
} from '../load/signed-deal-webhooks';
import { postUntilAccepted } from '../load/post-until-accepted';
import type { LandingTracker } from '../stack/landing-tracker';
import { round, type PhaseContext } from './phase-context';
import { roundSummary } from './ingest-phase';

/** N records offered at one rate, timed from acceptance to stored at both targets. */
export interface EndToEndRun {
  offeredPerSecond: number;
  records: number;
  accepted: number;
  landed: number;
  /** Time to acceptance (202, or signalWithStart resolved), from the due time. */
  acceptLatency: LatencySummary;
  /** Acceptance → present at both targets. */
  landingLatency: LatencySummary;
  /**
   * Records landed per second in the middle 80 % of landings (10th to 90th percentile of landing times),
   * which leaves out the ramp-up and the tail.
   */
  sustainedPerSecond: number;
  usage: Record<string, ProcessUsage>;
  wallSeconds: number;
  /** A record key of this run, to read a sample history from. */
  sampleRecordKey?: string;
  /** Where the 202 → landed time went, from the histories of sampled records (runs that ask for it). */
  breakdown?: LandingBreakdown;
}

export interface EndToEndComparison {
  /** The current record workflow in the compiled worker. */
  loudwire: EndToEndRun;
  /** The record workflow of the "before" commit, in a worker run from source: the same load, same stack. */
  before: EndToEndRun;
  ceiling: EndToEndRun;
  throughputRatio: number;
  /** Sustained throughput after over before. */
  speedup: number;
}

export interface EndToEndOptions {
  offeredPerSecond: number;
  records: number;
  landingTimeoutMs: number;
  /** Unanswered requests this long after the last one was due count as not accepted. @default 30 s */
  drainTimeoutMs?: number;
  /** Records whose histories are read to split their landing time (0 or absent: none). */
  breakdownSample?: number;
}

/** Loudwire (webhook → API → worker → sandboxes) against the no-op ceiling, at the same offered rate. */
export async function runEndToEndComparison(
  context: PhaseContext,
  label: string,
  options: EndToEndOptions,
): Promise<EndToEndComparison> {
  const { stack, print } = context;
  const poster = createWebhookPoster(`${stack.apiUrl}/webhooks/crm`);
  const beforePoster = createWebhookPoster(`${stack.apiBeforeUrl}/webhooks/crm`);
  const settle = async () => print(`  ${describeSettled(await waitForQuietMachine())}`);
  try {
    await settle();
    print(
      `${label}: ${options.records} deals won at ${options.offeredPerSecond}/s through Loudwire as of ` +
        `${stack.beforeCommit} (before)…`,
    );
    const before = await runEndToEnd(context, options, stack.loudwireLandings, (webhook) =>
      sendUntilAccepted(beforePoster.post, webhook),
    );
    await settle();
    print(`${label}: ${options.records} deals won at ${options.offeredPerSecond}/s through Loudwire…`);
    const loudwire = await runEndToEnd(context, options, stack.loudwireLandings, (webhook) =>
      sendUntilAccepted(poster.post, webhook),
    );
    await settle();
    print(`${label}: ${options.records} no-op records at ${options.offeredPerSecond}/s (ceiling)…`);
    const ceiling = await runEndToEnd(context, options, stack.noopLandings, async (webhook) => {
      await signalWithStartDirect(
        stack.temporal,
        { taskQueue: stack.taskQueues.noop, workflowType: 'noopRecordWorkflow' },
        webhook,
      );
    });
    const comparison = {
      loudwire,
      before,
      ceiling,
      throughputRatio: round(loudwire.sustainedPerSecond / ceiling.sustainedPerSecond, 3),
      speedup: round(loudwire.sustainedPerSecond / before.sustainedPerSecond, 2),
    };
    print(
      `  before p50 ${before.landingLatency.p50} / p99 ${before.landingLatency.p99} ms, ` +
        `${before.sustainedPerSecond}/s`,
    );
    print(
      `  Loudwire p50 ${loudwire.landingLatency.p50} / p99 ${loudwire.landingLatency.p99} ms, ` +
        `${loudwire.sustainedPerSecond}/s; ceiling p50 ${ceiling.landingLatency.p50} / p99 ` +
        `${ceiling.landingLatency.p99} ms, ${ceiling.sustainedPerSecond}/s`,
    );
    return comparison;
  } finally {
    poster.close();
    beforePoster.close();
  }
}

/**
 * A record offered past the API's in-flight bound is shed with 503 + Retry-After; it is sent again as a webhook
 * sender would, so every record offered is processed and the saturation run measures the worker, not the bound.
 * Its 202 is the acceptance the landing time counts from; the 202's own time (from the due time) includes the
 * waits. Within the open loop's 30 s drain.
 */
async function sendUntilAccepted(
  post: (webhook: SignedDealWebhook) => Promise<WebhookAnswer>,
  webhook: SignedDealWebhook,
): Promise<void> {
  const { answer, attempts } = await postUntilAccepted(post, webhook, 25_000);
  if (answer.status !== 202) throw new Error(`HTTP ${answer.status} after ${attempts} attempts`);
}

/** Offers records open-loop, waits for each to land at both targets, and measures the stack while it works. */
export async function runEndToEnd(
  context: PhaseContext,
  options: EndToEndOptions,
  landings: LandingTracker,
  accept: (webhook: SignedDealWebhook) => Promise<void>,
): Promise<EndToEndRun> {
  const { stack, print } = context;
  const webhooks = signDealWebhooks(options.records, context.nextRunTag());
  stack.usage.begin();
  const startedAt = Date.now();
  const run = await runOpenLoop({
    ratePerSecond: options.offeredPerSecond,
    count: webhooks.length,
    send: (index) => accept(webhooks[index]!),
    drainTimeoutMs: options.drainTimeoutMs ?? 30_000,
  });
  const accepted = run.samples.filter((sample) => sample.error === undefined);
  const acceptedAt = new Map(accepted.map((sample) => [webhooks[sample.index]!.dealId, sample.answeredAt]));
  const landedAt = await landings.waitForAll(
    [...acceptedAt.keys()],
    options.landingTimeoutMs,
    (landed, total) => print(`  … ${landed}/${total} landed`),
  );
  const usage = stack.usage.end();
  const wallSeconds = (Date.now() - startedAt) / 1000;
  const landingTimes = [...landedAt.values()].sort((a, b) => a - b);
  const firstKept = landingTimes[Math.floor(landingTimes.length * 0.1)];
  const lastKept = landingTimes[Math.max(0, Math.ceil(landingTimes.length * 0.9) - 1)];
  const kept = Math.ceil(landingTimes.length * 0.9) - Math.floor(landingTimes.length * 0.1);
  const sustained =
    firstKept !== undefined && lastKept !== undefined && lastKept > firstKept
      ? (kept - 1) / ((lastKept - firstKept) / 1000)
      : Number.NaN;
  const breakdown = options.breakdownSample
    ? await measureLandingBreakdown(
        stack.temporal,
        new Map(
          [...landedAt].map(([key, at]) => [
            recordWorkflowId('client-onboarding', 'crm', key),
            { acceptedAt: acceptedAt.get(key)!, landedAt: at },
          ]),
        ),
        options.breakdownSample,
      )
    : undefined;
  const errors = run.samples.filter((sample) => sample.error !== undefined);
  if (errors.length > 0) print(`  ${errors.length} not accepted, e.g. ${errors[0]!.error}`);
  if (landedAt.size < acceptedAt.size)
    print(`  ${acceptedAt.size - landedAt.size} accepted but not landed in time`);
  return {
    offeredPerSecond: options.offeredPerSecond,
    records: options.records,
    accepted: accepted.length,
    landed: landedAt.size,
    acceptLatency: roundSummary(
      summarizeLatencies(accepted.map((sample) => sample.answeredAt - sample.dueAt)),
    ),
    landingLatency: roundSummary(
      summarizeLatencies([...landedAt].map(([key, at]) => at - acceptedAt.get(key)!)),
    ),
    sustainedPerSecond: round(sustained),
    usage,
    wallSeconds: round(wallSeconds),
    sampleRecordKey: [...landedAt.keys()][0],
    ...(breakdown ? { breakdown } : {}),
  };
}
