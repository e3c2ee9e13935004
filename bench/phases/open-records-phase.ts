import { postUntilAccepted } from '../load/post-until-accepted';
import { createWebhookPoster } from '../load/signed-deal-webhooks';
import { round, type PhaseContext } from './phase-context';
import { runEndToEnd, type EndToEndRun } from './end-to-end-phase';

export interface OpenRecordsResult {
  /** Loudwire record workflows open on the server (all stay open for the dedup window). */
  openRecords: number;
  /** Worker RSS once every record was processed and the worker was idle again (MB). */
  workerRssMb: number;
  apiRssMb: number;
  temporalRssMb?: number;
  /** The worker after a forced full GC: RSS, V8 heap in use, and what lies outside the heap (MB). */
  workerAfterGc: {
    rssMb: number;
    heapUsedMb: number;
    heapTotalMb: number;
    externalMb: number;
    /** The workflow thread's V8 heap (used of total), when the inspector could read it. */
    workflowThreads: { usedMb: number; totalMb: number }[];
  };
  /** Worker RSS as records landed: shows where the workflow cache stops growing. */
  rssCurve: { landed: number; workerRssMb: number }[];
  /** The top-up batch itself: end-to-end figures at scale. */
  topUp: EndToEndRun;
}

/**
 * Tops the Loudwire worker up to `targetOpenRecords` processed records (each stays open for the dedup window,
 * so this is the steady state of a busy day), then reads the worker's RSS once it is idle.
 */
export async function runOpenRecordsPhase(
  context: PhaseContext,
  options: { targetOpenRecords: number; offeredPerSecond: number; landingTimeoutMs: number },
): Promise<OpenRecordsResult> {
  const { stack, print } = context;
  const landings = stack.loudwireLandings;
  const toAdd = Math.max(0, options.targetOpenRecords - landings.landedCount());
  print(
    `open records: ${toAdd} more deals at ${options.offeredPerSecond}/s, to ${options.targetOpenRecords} open…`,
  );
  const rssCurve: OpenRecordsResult['rssCurve'] = [];
  const step = Math.max(250, Math.round(options.targetOpenRecords / 20));
  let nextMark = 0;
  const sampler = setInterval(() => {
    const landed = landings.landedCount();
    if (landed < nextMark) return;
    rssCurve.push({ landed, workerRssMb: round(stack.usage.rssMb('worker') ?? Number.NaN) });
    nextMark = (Math.floor(landed / step) + 1) * step;
  }, 500);
  const poster = createWebhookPoster(`${stack.apiUrl}/webhooks/crm`);
  const retryDeadlineMs = 120_000;
  let topUp: EndToEndRun;
  try {
    topUp = await runEndToEnd(
      context,
      {
        offeredPerSecond: options.offeredPerSecond,
        records: toAdd,
        landingTimeoutMs: options.landingTimeoutMs,
        drainTimeoutMs: retryDeadlineMs + 30_000,
      },
      landings,
      async (webhook) => {
        // Shed events are sent again, as a sender would: every record offered here should end up open.
        const { answer } = await postUntilAccepted(poster.post, webhook, retryDeadlineMs);
        if (answer.status !== 202) throw new Error(`HTTP ${answer.status}`);
      },
    );
  } finally {
    clearInterval(sampler);
    poster.close();
  }
  // Let the last workflow tasks finish and the worker's heap settle before reading its RSS.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const openRecords = landings.landedCount();
  const workerRssMb = round(stack.usage.rssMb('worker') ?? Number.NaN);
  rssCurve.push({ landed: openRecords, workerRssMb });
  print(`  ${openRecords} open records: worker RSS ${workerRssMb} MB`);
  const { memory, workerThreads, workerThreadsError } = await stack.workerMemoryAfterGc();
  const mb = (bytes: number) => round(bytes / 1024 / 1024);
  const workerAfterGc = {
    rssMb: mb(memory.rss),
    heapUsedMb: mb(memory.heapUsed),
    heapTotalMb: mb(memory.heapTotal),
    externalMb: mb(memory.external),
    workflowThreads: workerThreads.map((heap) => ({
      usedMb: mb(heap.usedSize),
      totalMb: mb(heap.totalSize),
    })),
  };
  if (workerThreadsError) print(`  the worker threads' heaps could not be read: ${workerThreadsError}`);
  print(
    `  after a full GC: RSS ${workerAfterGc.rssMb} MB, heap used ${workerAfterGc.heapUsedMb} MB` +
      workerAfterGc.workflowThreads.map((heap) => `, a worker thread's heap ${heap.usedMb} MB`).join(''),
  );
  const temporalRss = stack.usage.rssMb('temporal');
  return {
    openRecords,
    workerRssMb,
    workerAfterGc,
    apiRssMb: round(stack.usage.rssMb('api') ?? Number.NaN),
    ...(temporalRss === undefined ? {} : { temporalRssMb: round(temporalRss) }),
    rssCurve,
    topUp,
  };
}
