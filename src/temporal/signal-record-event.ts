import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { SourceEvent } from '../integrations/integration';
import { sourceEventSignal, SyncStatus, type RecordSyncInput } from '../workflows/record-sync-messages';
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
 * the webhook path (two when the record's earlier run has closed). Resolves once Temporal holds the event
 * durably; returns the workflow ID.
 */
export async function signalRecordEvent(
  client: Client,
  target: RecordEventTarget,
  event: SourceEvent,
): Promise<string> {
  const workflowId = recordWorkflowId(target.integration, target.source, target.recordKey);
  const input: RecordSyncInput = {
    integration: target.integration,
    source: target.source,
    recordKey: target.recordKey,
  };
  const signalWithStart = (startInput: RecordSyncInput, reuse: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE') =>
    client.workflow.signalWithStart<typeof recordSyncWorkflow, [SourceEvent]>(
      target.workflowType ?? 'recordSyncWorkflow',
      {
        workflowId,
        taskQueue: target.taskQueue,
        args: [startInput],
        workflowIdReusePolicy: reuse,
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
  try {
    // A running record is signalled whatever the policy. A start under REJECT_DUPLICATE succeeds only when
    // Temporal retains no earlier run of this record, so the new run need not look for one (a visibility query
    // per new record otherwise).
    await signalWithStart({ ...input, noEarlierRun: true }, 'REJECT_DUPLICATE');
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    // An earlier run of this record closed (its dedup window passed): the next run starts and takes it over.
    await signalWithStart(input, 'ALLOW_DUPLICATE');
  }
  return workflowId;
}
