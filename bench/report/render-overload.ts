import { inFlightBound, type OverloadResult } from '../phases/overload-phase';
import { markdownTable } from './markdown-table';
import { describeTemporalHoldTimes } from '../measure/webhook-temporal-histogram';

/** Issue 17 point 2: what one API process answers past capacity, and proof that nothing acknowledged is lost. */
export function renderOverload(overload: OverloadResult): string {
  const others = Object.entries(overload.otherErrors);
  const answers = markdownTable(
    [
      'offered',
      'accepted (202)',
      'shed (503 overloaded)',
      'other errors',
      'accepted p50 / p99 ms',
      'shed p50 / p99 ms',
      'accepted /s',
    ],
    [
      [
        `${overload.offered} (${overload.offeredPerSecond}/s for ${overload.seconds} s)`,
        overload.accepted,
        overload.shed,
        others.length === 0 ? 0 : others.map(([kind, count]) => `${kind} ×${count}`).join('; '),
        `${overload.acceptedLatency.p50} / ${overload.acceptedLatency.p99}`,
        `${overload.shedLatency.p50} / ${overload.shedLatency.p99}`,
        overload.acceptedPerSecond,
      ],
    ],
  );
  const retries = overload.retries;
  const landing = markdownTable(
    [
      'retried after Retry-After (events · requests)',
      'accepted on a retry',
      'given up',
      'retry p50 / p99 ms',
      'acknowledged in all',
      'landed',
      'landed after a retry',
      'acknowledged but lost',
    ],
    [
      [
        `${retries.events} · ${retries.attempts}`,
        retries.acceptedLater,
        retries.gaveUp,
        `${retries.latency.p50} / ${retries.latency.p99}`,
        overload.acknowledged,
        overload.landed,
        overload.landedAfterRetry,
        overload.acknowledgedLost,
      ],
    ],
  );
  const temporal = overload.temporalHoldTimes;
  return (
    `${answers}\n\n${landing}\n\n` +
    `Temporal's answers to the API while first attempts were answered (${temporal.held} events held, ` +
    `${temporal.failed} calls failed; the API's loudwire_webhook_temporal_seconds): ` +
    `${describeTemporalHoldTimes(temporal)}.\n\n` +
    `One API process (${inFlightBound(overload)}); first attempts on the open-loop schedule ` +
    `(latency from due time); each 503 retried after its Retry-After plus up to as much again at random, ` +
    `at most ${overload.maxAttempts} attempts per event; "landed" = present ` +
    `at every target (the landing tracker).`
  );
}
