import type { Client } from '@temporalio/client';
import type { SourceEvent } from '../integrations/integration';
import { sourceEventSignal, SyncStatus } from '../workflows/record-sync-messages';
import type { recordSyncWorkflow } from '../workflows/record-sync-workflow';
import { EventOutcome } from '../workflows/event-log-entry';
import { acceptedEventAttributes, acceptedEventMemo } from './accepted-event-memo';
import { recordWorkflowId } from './record-workflow-id';
import {
  integrationAttribute,
  recordKeyAttribute,
  sourceAttribute,
  syncStatusAttribute,
} from './search-attributes';

export interface RecordEventTarget {
  integration: string;
  source: string;
  recordKey: string;
  taskQueue: string;
  /** The registered workflow name; the benchmark's ceiling swaps in a no-op one. */
  workflowType?: string;
}

/**
 * Hands one source event to its record's workflow, starting the workflow if needed: the one Temporal call on
 * the webhook path. Resolves once Temporal holds the event durably; returns the workflow ID.
 */
export async function signalRecordEvent(
  client: Client,
  target: RecordEventTarget,
  event: SourceEvent,
): Promise<string> {
  const workflowId = recordWorkflowId(target.integration, target.source, target.recordKey);
  await client.workflow.signalWithStart<typeof recordSyncWorkflow, [SourceEvent]>(
    target.workflowType ?? 'recordSyncWorkflow',
    {
      workflowId,
      taskQueue: target.taskQueue,
      args: [{ integration: target.integration, source: target.source, recordKey: target.recordKey }],
      signal: sourceEventSignal,
      signalArgs: [event],
      // Set at start so the record is findable in the Web UI before a worker ever touches it.
      typedSearchAttributes: [
        { key: integrationAttribute, value: target.integration },
        { key: sourceAttribute, value: target.source },
        { key: recordKeyAttribute, value: target.recordKey },
        { key: syncStatusAttribute, value: SyncStatus.received },
        ...acceptedEventAttributes(),
      ],
      // The record's event log until its workflow first publishes its own: an event accepted while no worker
      // runs is in the ledger (in progress) all the same. Applies only when this call starts the workflow.
      memo: acceptedEventMemo(event, EventOutcome.queued),
      staticSummary: `${target.integration}: ${target.source} record ${target.recordKey}`,
    },
  );
  return workflowId;
}
