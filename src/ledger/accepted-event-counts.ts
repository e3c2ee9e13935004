import type { Client } from '@temporalio/client';
import { EventOutcome } from '../workflows/event-log-entry';
import { readRecordEventLogs, type RecordEventLogView } from './record-event-logs';

/** Events one integration's records accepted (redeliveries included), from the records' event logs. */
export interface AcceptedEventCounts {
  lastHour: number;
  lastDay: number;
  /** Of the last day's, how many were redeliveries of an event already accepted. */
  duplicatesLastDay: number;
  /** Some record accepted more events in the day than its memo lists one by one: the counts are lower bounds. */
  approximate?: true;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * Counts the events each integration accepted in the last hour and day: one visibility listing of the records
 * whose `LoudwireLastEventAt` falls in the last day, each carrying its event log in its memo.
 */
export async function countAcceptedEvents(
  client: Client,
  options: { taskQueue: string; now: Date; integration?: string },
): Promise<Map<string, AcceptedEventCounts>> {
  const dayAgo = options.now.getTime() - dayMs;
  const records = await readRecordEventLogs(client, {
    taskQueue: options.taskQueue,
    since: new Date(dayAgo),
    ...(options.integration ? { integration: options.integration } : {}),
  });
  return tallyAcceptedEvents(records, options.now);
}

export function tallyAcceptedEvents(
  records: readonly RecordEventLogView[],
  now: Date,
): Map<string, AcceptedEventCounts> {
  const hourAgo = now.getTime() - hourMs;
  const dayAgo = now.getTime() - dayMs;
  const byIntegration = new Map<string, AcceptedEventCounts>();
  for (const record of records) {
    let counts = byIntegration.get(record.integration);
    if (!counts)
      byIntegration.set(record.integration, (counts = { lastHour: 0, lastDay: 0, duplicatesLastDay: 0 }));
    for (const [, , acceptedAt, outcome] of record.log.entries) {
      if (acceptedAt < dayAgo) continue;
      counts.lastDay += 1;
      if (acceptedAt >= hourAgo) counts.lastHour += 1;
      if (outcome === EventOutcome.duplicate) counts.duplicatesLastDay += 1;
    }
    if ((record.log.earlier?.acceptedUpTo ?? 0) >= dayAgo) counts.approximate = true;
  }
  return byIntegration;
}
