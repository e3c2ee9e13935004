import type { Client, WorkflowHandle } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import type { SourceEvent } from '../integrations/integration';
import { cameFromLoudwire } from '../encryption/payload-origin';
import type { RecordEventLogView } from '../ledger/record-event-logs';
import { EventOutcome } from '../workflows/event-log-entry';
import { sourceEventSignal } from '../workflows/record-sync-messages';

/** How many runs back a record's continue-as-new chain is followed to find an event accepted in the window. */
const runsFollowedBack = 20;

/**
 * The events a record accepted since `since`, as the API handed them to Temporal: read from the record's history
 * (the `sourceEvent` signals) and decoded with the Loudwire data converter. Redeliveries and signals Loudwire did
 * not send (refused by the workflow) are left out; a continued-as-new chain is followed back for events that
 * arrived in an earlier run.
 */
export async function readAcceptedEvents(
  client: Client,
  record: RecordEventLogView,
  since: Date,
): Promise<SourceEvent[]> {
  const wanted = new Set(
    record.log.entries
      .filter(
        ([, , acceptedAt, outcome]) => acceptedAt >= since.getTime() && outcome !== EventOutcome.duplicate,
      )
      .map(([eventId]) => eventId),
  );
  const found = new Map<string, SourceEvent>();
  let runId: string | undefined = record.runId;
  for (let run = 0; runId && run < runsFollowedBack && found.size < wanted.size; run++) {
    const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await client.workflow
      .getHandle(record.workflowId, runId)
      .fetchHistory();
    runId = undefined;
    for (const event of history.events ?? []) {
      const started = event.workflowExecutionStartedEventAttributes;
      if (started?.continuedExecutionRunId) runId = started.continuedExecutionRunId;
      const signal = event.workflowExecutionSignaledEventAttributes;
      if (signal?.signalName !== sourceEventSignal.name) continue;
      const [decoded] = await decodeArrayFromPayloads(
        client.options.loadedDataConverter,
        signal.input?.payloads,
      );
      const sourceEvent = decoded as SourceEvent;
      if (!cameFromLoudwire(sourceEvent) || !wanted.has(sourceEvent.eventId)) continue;
      if (!found.has(sourceEvent.eventId)) found.set(sourceEvent.eventId, sourceEvent);
    }
  }
  return [...found.values()].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}
