import { FieldOwnership, type RecordLifecycle } from '../record-lifecycle';
import type { TargetPolicy } from '../integration';
import type { TargetKey } from '../../systems/kit/target-resource';

/**
 * What happens to the project and the billing customer as the deal moves on. A won deal onboards; an edit of
 * the deal or its company updates both; a lost deal archives the project (billing keeps the customer: invoices
 * may still be due) and tells a person; a won deal that is reopened parks, because only a person knows whether
 * the client still exists.
 */
export const clientOnboardingLifecycle: RecordLifecycle = {
  'deal.won': { kind: 'onboard' },
  'deal.updated': { kind: 'update' },
  'deal.lost': {
    kind: 'archive',
    set: { 'project-tool/projects': { status: 'archived' } },
    description: 'The deal was lost after it was won: the project is archived; billing keeps the customer.',
  },
  'deal.reopened': {
    kind: 'park',
    reason:
      'The deal was reopened after it was won: decide whether the project and billing customer stay ' +
      '(redrive to keep them in sync, skip to leave them as they are)',
  },
};

/**
 * Who owns each field once the records exist. The project's status and kickoff date belong to the delivery team
 * the moment the project exists; its owner is agreed between sales and delivery, so a change on both sides goes
 * to a person. In billing, name and contact details follow the CRM; country and currency drive tax and invoices,
 * so a change on both sides parks; the same holds for the invoice contact in accounting.
 */
export const clientOnboardingTargetPolicies: Partial<Record<TargetKey, TargetPolicy>> = {
  'project-tool/projects': {
    fields: {
      name: FieldOwnership.loudwire,
      client: FieldOwnership.loudwire,
      budget_cents: FieldOwnership.loudwire,
      currency: FieldOwnership.loudwire,
      owner_email: FieldOwnership.park,
      kickoff_date: FieldOwnership.target,
      status: FieldOwnership.target,
      external_id: FieldOwnership.link,
    },
  },
  'billing/customers': {
    fields: {
      name: FieldOwnership.loudwire,
      email: FieldOwnership.loudwire,
      phone: FieldOwnership.loudwire,
      metadata: FieldOwnership.loudwire,
      country: FieldOwnership.park,
      currency: FieldOwnership.park,
      external_id: FieldOwnership.link,
    },
  },
  'accounting/contacts': {
    fields: {
      Name: FieldOwnership.loudwire,
      EmailAddress: FieldOwnership.loudwire,
      CountryCode: FieldOwnership.park,
      Currency: FieldOwnership.park,
      ExternalRef: FieldOwnership.link,
    },
  },
};
