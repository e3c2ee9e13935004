import type { WebhookFaultKind } from '../faults/fault-kinds';

/** One try at delivering an event; `status` is null when no HTTP response came back. */
export interface DeliveryAttempt {
  at: string;
  /** `scheduled` for the first send and automatic retries, `redeliver` for the operator's button. */
  trigger: 'scheduled' | 'redeliver';
  status: number | null;
  error?: string;
  durationMs: number;
  /** Headers as sent, signature included (an HMAC, not the secret). */
  headers: Record<string, string>;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A vendor's log of one event's delivery to the configured webhook URL. `Payload` is the vendor's body. */
export interface WebhookDelivery<Payload> {
  id: string;
  /** The vendor's event ID: stable across retries and redeliveries of the same event. */
  eventId: string;
  eventType: string;
  url: string;
  /** The payload as sent, after any webhook faults transformed it. */
  payload: Payload;
  /** Webhook faults applied to this payload, so a test can tell a deliberate oddity from a bug. */
  appliedFaults: WebhookFaultKind[];
  /** Headers of the most recent attempt; null before the first. */
  headers: Record<string, string> | null;
  attempts: DeliveryAttempt[];
  status: DeliveryStatus;
  /** When the next automatic attempt is due; null once delivered or out of retries. */
  nextAttemptAt: string | null;
  createdAt: string;
}
