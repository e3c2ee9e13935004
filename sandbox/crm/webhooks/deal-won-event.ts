import type { Company, Contact, Deal } from '../crm-records';
import type { WebhookEnvelope } from './webhook-delivery';

export const dealWonEventType = 'deal.won';

/** Every deal event the CRM sends; all carry the same envelope (see docs/sandboxes.md). */
export const dealEventTypes = ['deal.won', 'deal.updated', 'deal.lost', 'deal.reopened'] as const;
export type DealEventType = (typeof dealEventTypes)[number];

/** The `deal.won` envelope: the deal plus the company and contact a receiver needs, as stored (messy). */
export function dealWonEnvelope(deal: Deal, company: Company, contact: Contact | undefined): WebhookEnvelope {
  return dealEventEnvelope(dealWonEventType, deal, company, contact);
}

/** A deal event's envelope: the deal as it is now, with its company and contact, whatever changed. */
export function dealEventEnvelope(
  type: DealEventType,
  deal: Deal,
  company: Company,
  contact: Contact | undefined,
): WebhookEnvelope {
  return {
    type,
    timestamp: new Date().toISOString(),
    data: {
      deal: {
        id: deal.id,
        title: deal.title,
        amount: deal.amount,
        currency: deal.currency,
        stage: deal.stage,
        ownerEmail: deal.ownerEmail,
        closeDate: deal.closeDate,
        wonAt: deal.wonAt,
        version: deal.version,
        updatedAt: deal.updatedAt,
      },
      company: {
        id: company.id,
        name: company.name,
        country: company.country,
        domain: company.domain,
        phone: company.phone,
      },
      contact: contact
        ? {
            id: contact.id,
            firstName: contact.firstName,
            lastName: contact.lastName,
            email: contact.email,
            phone: contact.phone,
          }
        : null,
    },
  };
}
