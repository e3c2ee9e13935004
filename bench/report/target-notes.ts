import { landingStates, type LandingBreakdown } from '../measure/landing-breakdown';
import type { OpenRecordsResult } from '../phases/open-records-phase';
import type { OverloadResult } from '../phases/overload-phase';
import type { WorkerStartup } from '../phases/worker-startup-phase';

const stateNames: Record<(typeof landingStates)[number], string> = {
  untilStarted: '202 → workflow started',
  workflowTaskQueued: 'workflow tasks waiting for the worker',
  workflowTaskRunning: 'workflow tasks running (local activities included)',
  activityQueued: 'activities waiting for a slot',
  activityRunning: 'activities running (vendor calls)',
  betweenTasks: 'the server between tasks',
};

/** Why a latency target was missed: the state that took most of a record's time, from the sampled histories. */
export function latencyNote(breakdown: LandingBreakdown | undefined, loadAverage: number): string {
  if (!breakdown) return 'no history sampled';
  const [largest] = [...landingStates].sort((a, b) => breakdown.medianMs[b] - breakdown.medianMs[a]);
  return (
    `most of it ${stateNames[largest!]}: median ${breakdown.medianMs[largest!]} ms of ${breakdown.medianMs.total}` +
    ` (see "where a record's time goes"); load average ${loadAverage}`
  );
}

/** Start-up wall time against the CPU it used: the gap is time spent waiting for a core or for Temporal. */
export function startupNote(startup: WorkerStartup, loadAverage: number): string {
  return (
    `the compiled worker used a median ${startup.cpuSeconds.compiled} CPU-s until ready; the rest of the wall ` +
    `time waited for a core or for Temporal (load average ${loadAverage})`
  );
}

/** What the worker's RSS is made of, from the reading after a forced GC. */
export function memoryNote(open: OpenRecordsResult): string {
  const after = open.workerAfterGc;
  return (
    `after a full GC the main thread's V8 heap held ${after.heapUsedMb} MB of ${after.rssMb} MB RSS: the rest is ` +
    'the workflow thread (cached workflows) and Temporal core (native); WORKER_MAX_CACHED_WORKFLOWS bounds the first'
  );
}

/** Why accepted requests were slow under overload: each waits its turn among the bound's in-flight calls. */
export function overloadNote(overload: OverloadResult): string {
  const withinTarget = overload.temporalHoldTimes.within.find((bucket) => bucket.ms === 50)?.share;
  // The API cannot answer sooner than Temporal holds the event: past 1 % of slow calls, the target is Temporal's.
  const temporalPart =
    withinTarget === undefined
      ? ''
      : `; Temporal itself held ${Math.round(withinTarget * 1000) / 10} % of the events within 50 ms (the API's ` +
        'timing), so the target needs at least 99 %';
  if (overload.latencyTargetMs !== undefined) {
    return (
      `the bound adapts to answers slower than ${overload.latencyTargetMs} ms (WEBHOOK_LATENCY_TARGET); ` +
      `${overload.acceptedPerSecond}/s accepted${temporalPart}`
    );
  }
  return (
    `${overload.maxInFlight} calls in flight at ${overload.acceptedPerSecond}/s accepted keep each ~` +
    `${Math.round((overload.maxInFlight / Math.max(0.1, overload.acceptedPerSecond)) * 1000)} ms in the queue ` +
    `(Little's law): a lower WEBHOOK_MAX_IN_FLIGHT sheds more and answers the accepted sooner${temporalPart}`
  );
}
