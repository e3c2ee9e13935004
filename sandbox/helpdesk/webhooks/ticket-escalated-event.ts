import type { WebhookDelivery } from '../../kit/webhooks/webhook-delivery';
import { opaqueId } from '../../kit/opaque-id';
import type { Ticket } from '../ticket-records';

export const ticketEscalatedEventType = 'ticket.escalated';

/**
 * The helpdesk's webhook body. The event ID is part of the body (not a header), so a redelivery, which sends
 * the stored body again, carries the same ID.
 */
export interface HelpdeskEvent {
  id: string;
  event: string;
  /** Epoch milliseconds, like every helpdesk timestamp. */
  createdAt: number;
  ticket: Record<string, unknown>;
}

export type HelpdeskDelivery = WebhookDelivery<HelpdeskEvent>;

/** A fresh `ticket.escalated` event about the ticket as it is now. */
export function ticketEscalatedEvent(ticket: Ticket): HelpdeskEvent {
  return {
    id: opaqueId('hde'),
    event: ticketEscalatedEventType,
    createdAt: Date.now(),
    ticket: { ...ticket },
  };
}
