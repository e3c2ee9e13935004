import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { SourceEvent } from '../integrations/integration';
import { EventOutcome } from '../workflows/event-log-entry';
import { SyncStatus } from '../workflows/record-sync-messages';
import { unhandledEventWorkflowId, type UnhandledEventInput } from '../workflows/unhandled-event-messages';
import { acceptedEventAttributes, acceptedEventMemo } from './accepted-event-memo';
import { sourceAttribute, syncStatusAttribute } from './search-attributes';

/**
 * Hands an event no integration handles to a workflow of its own that keeps it (the webhook path's one
 * Temporal call for such events). Resolves once Temporal holds it; `duplicate` when it already did.
 */
export async function keepUnhandledEvent(
  client: Client,
  target: { source: string; taskQueue: string },
  event: SourceEvent,
): Promise<{ workflowId: string; duplicate: boolean }> {
  const workflowId = unhandledEventWorkflowId(target.source, event.eventId);
  try {
    await client.workflow.start('unhandledEventWorkflow', {
      workflowId,
      taskQueue: target.taskQueue,
      args: [{ source: target.source, event } satisfies UnhandledEventInput],
      typedSearchAttributes: [
        { key: sourceAttribute, value: target.source },
        { key: syncStatusAttribute, value: SyncStatus.ignored },
        ...acceptedEventAttributes(),
      ],
      memo: acceptedEventMemo(event, EventOutcome.ignoredType),
      staticSummary: `Kept: "${event.type.slice(0, 100)}" from ${target.source}, which no integration handles`,
    });
    return { workflowId, duplicate: false };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, duplicate: true };
    throw error;
  }
}
