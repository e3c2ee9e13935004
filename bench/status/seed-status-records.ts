// The records `npm run bench:status` counts: record workflows carrying the search attributes and event-log memo
// real records set, started on a task queue no worker polls so they stay exactly as seeded.
import type { Client } from '@temporalio/client';
import { parkingAlertClasses } from '../../src/cli/integration-status';
import { recordWorkflowId } from '../../src/temporal/record-workflow-id';
import {
  eventsAcceptedAttribute,
  firstEventAtAttribute,
  integrationAttribute,
  lastEventAtAttribute,
  parkedClassAttribute,
  parkedReasonAttribute,
  recordKeyAttribute,
  sourceAttribute,
  syncStatusAttribute,
} from '../../src/temporal/search-attributes';
import { EventOutcome, eventLogMemoKey, type EventLogMemo } from '../../src/workflows/event-log-entry';
import { SyncStatus } from '../../src/workflows/record-sync-messages';

export const benchIntegration = 'client-onboarding';

/** The mix a busy integration might show: mostly synced, some parked across classes, a few waiting. */
export function statusOf(index: number): { status: SyncStatus; parkedClass?: string } {
  const bucket = index % 100;
  if (bucket < 85) return { status: SyncStatus.synced };
  if (bucket < 91)
    return {
      status: SyncStatus.parked,
      parkedClass: parkingAlertClasses[index % parkingAlertClasses.length]!,
    };
  if (bucket < 94) return { status: SyncStatus.awaitingApproval };
  if (bucket < 96) return { status: SyncStatus.skipped };
  return { status: SyncStatus.received };
}

/**
 * A record's event log as its memo holds it: one deal.won per record over the last ~22 hours, a redelivery for one
 * in five, a later version for one in ten (so one in ten has three events); the open states follow the status.
 */
export function eventLogOf(index: number, status: SyncStatus, seededAt: number): EventLogMemo {
  const acceptedAt = seededAt - ((index * 7_919) % 80_000_000);
  const open =
    status === SyncStatus.parked || status === SyncStatus.awaitingApproval || status === SyncStatus.received;
  const first = open
    ? EventOutcome.applying
    : status === SyncStatus.skipped
      ? EventOutcome.skipped
      : EventOutcome.written;
  const entries: EventLogMemo['entries'] = [[`msg_bench${index}`, 'deal.won', acceptedAt, first]];
  if (index % 5 === 0)
    entries.push([`msg_bench${index}`, 'deal.won', acceptedAt + 60_000, EventOutcome.duplicate]);
  if (index % 10 === 0)
    entries.push([`msg_bench${index}v2`, 'deal.updated', acceptedAt + 120_000, EventOutcome.updated]);
  return { entries };
}

/** What the status must show for `count` seeded records, computed from the same recipe, not from Temporal. */
export function expectedFigures(count: number, seededAt: number, now: number) {
  const byStatus: Partial<Record<SyncStatus, number>> = {};
  const parkedByClass: Record<string, number> = {};
  let lastHour = 0;
  let lastDay = 0;
  for (let index = 0; index < count; index++) {
    const { status, parkedClass } = statusOf(index);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (parkedClass) parkedByClass[parkedClass] = (parkedByClass[parkedClass] ?? 0) + 1;
    for (const [, , acceptedAt] of eventLogOf(index, status, seededAt).entries) {
      if (acceptedAt >= now - 3_600_000) lastHour++;
      if (acceptedAt >= now - 86_400_000) lastDay++;
    }
  }
  return { byStatus, parkedByClass, acceptedEvents: { lastHour, lastDay } };
}

/** Starts `count` record workflows, `concurrency` at a time, saying how far it got every few seconds. */
export async function seedStatusRecords(
  client: Client,
  options: {
    count: number;
    taskQueue: string;
    seededAt: number;
    concurrency?: number;
    progress: (line: string) => void;
  },
): Promise<void> {
  let next = 0;
  let started = 0;
  const startedAt = Date.now();
  const ticker = setInterval(() => {
    const perSecond = started / ((Date.now() - startedAt) / 1000);
    const left = perSecond > 0 ? Math.round((options.count - started) / perSecond) : NaN;
    options.progress(
      `  ${started.toLocaleString('en-US')} / ${options.count.toLocaleString('en-US')} started (${perSecond.toFixed(0)}/s, ~${left} s left)`,
    );
  }, 10_000);
  const seedOne = async () => {
    while (next < options.count) {
      const index = next++;
      const recordKey = `deal_bench${String(index).padStart(6, '0')}`;
      const { status, parkedClass } = statusOf(index);
      const log = eventLogOf(index, status, options.seededAt);
      const acceptedTimes = log.entries.map(([, , acceptedAt]) => acceptedAt);
      await client.workflow.start('recordSyncWorkflow', {
        taskQueue: options.taskQueue,
        workflowId: recordWorkflowId(benchIntegration, 'crm', recordKey),
        args: [{}],
        memo: { [eventLogMemoKey]: log },
        typedSearchAttributes: [
          { key: integrationAttribute, value: benchIntegration },
          { key: sourceAttribute, value: 'crm' },
          { key: recordKeyAttribute, value: recordKey },
          { key: syncStatusAttribute, value: status },
          { key: lastEventAtAttribute, value: new Date(Math.max(...acceptedTimes)) },
          { key: firstEventAtAttribute, value: new Date(Math.min(...acceptedTimes)) },
          { key: eventsAcceptedAttribute, value: log.entries.length },
          ...(parkedClass
            ? [
                { key: parkedClassAttribute, value: parkedClass },
                { key: parkedReasonAttribute, value: `${parkedClass}: seeded by the status benchmark` },
              ]
            : []),
        ],
      });
      started++;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 32 }, seedOne));
  } finally {
    clearInterval(ticker);
  }
  // Visibility is eventually consistent: wait until it shows every record.
  for (;;) {
    const { count } = await client.workflow.count(`TaskQueue = "${options.taskQueue}"`);
    if (count >= options.count) return;
    await new Promise((done) => setTimeout(done, 500));
  }
}
