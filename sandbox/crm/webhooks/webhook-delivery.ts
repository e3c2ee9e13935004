import type { WebhookDelivery as KitWebhookDelivery } from '../../kit/webhooks/webhook-delivery';

export type { DeliveryAttempt, DeliveryStatus } from '../../kit/webhooks/webhook-delivery';

/** A Standard Webhooks envelope as the CRM sends it. */
export interface WebhookEnvelope {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** The CRM's log of one event's delivery; `eventId` is the `webhook-id` header. */
export type WebhookDelivery = KitWebhookDelivery<WebhookEnvelope>;
