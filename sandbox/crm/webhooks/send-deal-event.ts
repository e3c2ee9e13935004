import { webhookFaultKinds, type WebhookFaultKind } from '../../kit/faults/fault-kinds';
import type { FaultRegistry } from '../../kit/faults/fault-registry';
import type { Deal } from '../crm-records';
import type { CrmStore } from '../crm-store';
import { dealEventEnvelope, type DealEventType } from './deal-won-event';
import { applyWebhookFaults } from './payload-faults';
import { opaqueId } from '../../kit/opaque-id';
import type { WebhookDispatcher } from '../../kit/webhooks/webhook-dispatcher';
import type { WebhookEnvelope } from './webhook-delivery';

/**
 * Stores a changed deal and queues its webhook in one transaction, as a vendor's outbox does: the change and its
 * event are never seen one without the other. Pending webhook faults apply to this payload.
 */
export function storeDealAndSendEvent(
  options: { store: CrmStore; faults: FaultRegistry; dispatcher: WebhookDispatcher<WebhookEnvelope> },
  type: DealEventType,
  deal: Deal,
): void {
  const { store } = options;
  const company = store.companies.get(deal.companyId);
  const contact = deal.contactId === null ? undefined : store.contacts.get(deal.contactId);
  store.db.transaction(() => {
    store.deals.update(deal);
    if (!company) return; // a deal without a company has nothing a receiver could use
    const faults = options.faults.takeAll(webhookFaultKinds).map((fault) => fault.kind as WebhookFaultKind);
    const payload = applyWebhookFaults(dealEventEnvelope(type, deal, company, contact), faults);
    options.dispatcher.enqueue({ id: opaqueId('msg'), type: payload.type, payload, appliedFaults: faults });
  })();
}
