import type { Client } from '@temporalio/client';
import type { SourceEvent } from '../../src/integrations/integration';
import { getIntegration } from '../../src/integrations/registry';
import { signalRecordEvent } from '../../src/temporal/signal-record-event';
import type { SignedDealWebhook } from './signed-deal-webhooks';

const integration = getIntegration('client-onboarding')!;
const source = integration.source;

/**
 * The ceiling's call: the very signalWithStart the webhook route makes for a verified event
 * (`signalRecordEvent`), straight through the Temporal client with no HTTP, signature check, JSON parse or
 * validation in front of it.
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
  return signalRecordEvent(
    client,
    {
      integration: integration.name,
      source,
      recordKey: identity.recordKey,
      taskQueue: options.taskQueue,
      workflowType: options.workflowType,
    },
    event,
  );
}
