import { FaultKind, type WebhookFaultKind } from '../../kit/faults/fault-kinds';
import type { HelpdeskEvent } from './ticket-escalated-event';

/** How the helpdesk's API version numbers priorities, which a `webhook_type_changed` fault leaks. */
const numericPriority: Record<string, number> = { low: 1, normal: 2, high: 3, urgent: 4 };

/**
 * Reshapes the ticket in an event the way an unannounced helpdesk API change would. The envelope (`id`,
 * `event`, `createdAt`) is never touched: receivers must still be able to deduplicate a broken event. Several
 * faults can stack; an empty payload wins. Returns a new event; the input is untouched.
 */
export function applyHelpdeskWebhookFaults(
  event: HelpdeskEvent,
  kinds: readonly WebhookFaultKind[],
): HelpdeskEvent {
  const changed = structuredClone(event);
  const ticket = changed.ticket;
  for (const kind of kinds) {
    switch (kind) {
      case FaultKind.webhookRenamedField:
        if ('subject' in ticket) {
          ticket.title = ticket.subject;
          delete ticket.subject;
        }
        break;
      case FaultKind.webhookMissingField:
        delete ticket.crmCompanyId;
        break;
      case FaultKind.webhookTypeChanged:
        if (typeof ticket.priority === 'string') ticket.priority = numericPriority[ticket.priority] ?? 0;
        break;
      case FaultKind.webhookUnexpectedField:
        ticket.satisfactionRating = 'unoffered';
        break;
      case FaultKind.webhookEmptyPayload:
        break;
    }
  }
  if (kinds.includes(FaultKind.webhookEmptyPayload)) changed.ticket = {};
  return changed;
}
