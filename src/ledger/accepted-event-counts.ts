import type { Client } from '@temporalio/client';
import {
  eventsAcceptedAttribute,
  firstEventAtAttribute,
  integrationAttribute,
} from '../temporal/search-attributes';
import { readRecordEventLogs } from './record-event-logs';

/** Events one integration's records accepted (redeliveries included) in the last hour and day. */
export interface AcceptedEventCounts {
  lastHour: number;
  lastDay: number;
  /** Some record accepted more events than its memo lists one by one: the counts are lower bounds. */
  approximate?: true;
}

const hourMs = 3_600_000;
const quoted = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

/**
 * A record whose first event is in the window has all its `LoudwireEventsAccepted` events in it, so over those
 * records Σ events = Σₖ #(records with ≥ k events): one count query per k up to this, all at once, and a listing
 * only of the records past it (a record rarely takes more than a redelivery and an update).
 */
export const eventCountThresholds = 4;

/**
 * Counts the events each integration accepted in the last hour and day, exactly, without listing every record
 * (a listing of 10,000 records takes seconds; a count query milliseconds): for the records that began in the
 * window, count queries by number of events (`eventCountThresholds`) and a listing of the rare busier ones.
 * Records whose first event precedes the window but whose last is inside it are listed, and their memo's event
 * log says which of their events fall inside: what these listings read grows with the records active across
 * the window's edge, never with the records kept.
 */
export async function countAcceptedEvents(
  client: Client,
  options: { taskQueue: string; now: Date; integrations: readonly string[] },
): Promise<Map<string, AcceptedEventCounts>> {
  if (options.integrations.length === 0) return new Map(); // e.g. `status --integration <a batch integration>`
  const [lastHour, lastDay] = await Promise.all([
    countSince(client, options, new Date(options.now.getTime() - hourMs)),
    countSince(client, options, new Date(options.now.getTime() - 24 * hourMs)),
  ]);
  return new Map(
    options.integrations.map((integration) => {
      const hour = lastHour.get(integration)!;
      const day = lastDay.get(integration)!;
      const approximate = hour.approximate || day.approximate;
      return [
        integration,
        {
          lastHour: hour.events,
          lastDay: day.events,
          ...(approximate ? { approximate: true as const } : {}),
        },
      ];
    }),
  );
}

async function countSince(
  client: Client,
  options: { taskQueue: string; integrations: readonly string[] },
  since: Date,
): Promise<Map<string, { events: number; approximate: boolean }>> {
  const records = `TaskQueue = ${quoted(options.taskQueue)} AND WorkflowType = "recordSyncWorkflow" AND ExecutionStatus != "ContinuedAsNew"`;
  const sinceText = quoted(since.toISOString());
  const inside = `${records} AND ${firstEventAtAttribute.name} >= ${sinceText}`;
  const count = async (query: string) => (await client.workflow.count(query)).count;
  const ofIntegration = (integration: string) => ` AND ${integrationAttribute.name} = ${quoted(integration)}`;

  const thresholds = Array.from({ length: eventCountThresholds }, (_, index) => index + 1);
  const [atLeast, busy, straddling] = await Promise.all([
    Promise.all(
      options.integrations.map(async (it) => {
        const counts = await Promise.all(
          thresholds.map((k) =>
            count(
              `${inside}${ofIntegration(it)}${k > 1 ? ` AND ${eventsAcceptedAttribute.name} >= ${k}` : ''}`,
            ),
          ),
        );
        return counts.reduce((sum, value) => sum + value, 0);
      }),
    ),
    listAttributes(client, `${inside} AND ${eventsAcceptedAttribute.name} > ${eventCountThresholds}`),
    readRecordEventLogs(client, { taskQueue: options.taskQueue, since, firstEventBefore: since }),
  ]);
  const result = new Map(
    options.integrations.map((integration, index) => [
      integration,
      { events: atLeast[index] ?? 0, approximate: false },
    ]),
  );
  for (const record of busy) {
    const counts = result.get(record.integration);
    if (counts) counts.events += record.eventsAccepted - eventCountThresholds;
  }
  for (const record of straddling) {
    const counts = result.get(record.integration);
    if (!counts) continue;
    counts.events += record.log.entries.filter(([, , acceptedAt]) => acceptedAt >= since.getTime()).length;
    if ((record.log.earlier?.acceptedUpTo ?? 0) >= since.getTime()) counts.approximate = true;
  }
  return result;
}

/** The integration and event count of the records a query finds (search attributes only, no memo needed). */
async function listAttributes(
  client: Client,
  query: string,
): Promise<{ integration: string; eventsAccepted: number }[]> {
  const found: { integration: string; eventsAccepted: number }[] = [];
  for await (const execution of client.workflow.list({ query, pageSize: 1_000 })) {
    found.push({
      integration: execution.typedSearchAttributes.get(integrationAttribute) ?? '',
      eventsAccepted: execution.typedSearchAttributes.get(eventsAcceptedAttribute) ?? 0,
    });
  }
  return found;
}
