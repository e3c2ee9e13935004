import type { Client } from '@temporalio/client';
import type { SourceEvent } from '../../src/integrations/integration';
import { getIntegration } from '../../src/integrations/registry';
import { recordWorkflowId } from '../../src/temporal/record-workflow-id';
import {
  integrationAttribute,
  recordKeyAttribute,
  sourceAttribute,
  syncStatusAttribute,
} from '../../src/temporal/search-attributes';
import { sourceEventSignal, SyncStatus } from '../../src/workflows/record-sync-messages';
import type { SignedDealWebhook } from './signed-deal-webhooks';

const integration = getIntegration('client-onboarding')!;
const source = integration.source;

/**
 * The ceiling's call: the signalWithStart the webhook route makes for a verified event (same workflow ID
 * scheme, input, signal, search attributes and summary), straight through the Temporal client with no HTTP,
 * signature check, JSON parse or validation in front of it.
 */
export function signalWithStartDirect(
  client: Client,
  options: { taskQueue: string; workflowType: string },
  webhook: SignedDealWebhook,
) {
  const { type, timestamp, data } = webhook.envelope;
  const identity = integration.identify(data)!;
  const event: SourceEvent = {
    eventId: webhook.eventId,
    type,
    occurredAt: timestamp,
    sequence: identity.sequence,
    payload: data,
  };
  return client.workflow.signalWithStart(options.workflowType, {
    workflowId: recordWorkflowId(integration.name, source, identity.recordKey),
    taskQueue: options.taskQueue,
    args: [{ integration: integration.name, source, recordKey: identity.recordKey }],
    signal: sourceEventSignal,
    signalArgs: [event],
    typedSearchAttributes: [
      { key: integrationAttribute, value: integration.name },
      { key: sourceAttribute, value: source },
      { key: recordKeyAttribute, value: identity.recordKey },
      { key: syncStatusAttribute, value: SyncStatus.received },
    ],
    staticSummary: `${integration.name}: ${source} record ${identity.recordKey}`,
  });
}
