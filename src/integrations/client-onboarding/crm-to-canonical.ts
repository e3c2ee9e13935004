import type { FieldPath } from '../../mapping/field-path';
import type { SourceFieldRule, SourceGroupRule } from '../../mapping/mapping-definition';
import type { NumberFormat } from '../../mapping/normalize/money';
import type { CrmDealWonPayload } from '../../systems/crm/deal-won-payload';

type CrmPath = FieldPath<CrmDealWonPayload>;

/** The CRM formats amounts as en-US text (`12,500.00`): decimal point, comma between thousands. */
export const crmNumberFormat: NumberFormat = { decimalSeparator: '.', groupSeparator: ',' };

/** Objects of the CRM payload and what their absence means. */
export const crmGroups: readonly SourceGroupRule<CrmPath>[] = [
  { source: 'deal', canonical: 'deal', required: true },
  { source: 'company', canonical: 'organization', required: true },
  // Deals can be won without a named contact; billing then has no contact email or phone.
  { source: 'contact', canonical: 'contact', required: false },
];

/**
 * CRM `deal.won` → canonical record, field by field. Order matters where a field depends on another: the
 * country comes before phone numbers (their default region), the currency before amounts.
 */
export const crmToCanonical: readonly SourceFieldRule<CrmPath>[] = [
  // Organization
  {
    canonical: 'organization.sourceId',
    from: ['company.id'],
    kind: 'identifier',
    required: false,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'organization.name',
    from: ['company.name'],
    kind: 'text',
    required: true,
    maxLength: 255,
    onInvalid: 'reject',
  },
  {
    canonical: 'organization.country',
    from: ['company.country'],
    kind: 'country',
    required: true,
    onInvalid: 'reject',
  },
  {
    canonical: 'organization.domain',
    from: ['company.domain'],
    kind: 'domain',
    required: false,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'organization.phone',
    from: ['company.phone'],
    kind: 'phone',
    defaultRegionFrom: 'organization.country',
    required: false,
    onInvalid: 'omit-with-warning',
  },

  // Contact
  {
    canonical: 'contact.sourceId',
    from: ['contact.id'],
    kind: 'identifier',
    required: false,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'contact.firstName',
    from: ['contact.firstName'],
    kind: 'text',
    required: false,
    maxLength: 100,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'contact.lastName',
    from: ['contact.lastName'],
    kind: 'text',
    required: false,
    maxLength: 100,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'contact.email',
    from: ['contact.email'],
    kind: 'email',
    required: false,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'contact.phone',
    from: ['contact.phone'],
    kind: 'phone',
    defaultRegionFrom: 'organization.country',
    required: false,
    onInvalid: 'omit-with-warning',
  },

  // Deal
  { canonical: 'deal.sourceId', from: ['deal.id'], kind: 'identifier', required: true, onInvalid: 'reject' },
  {
    canonical: 'deal.title',
    from: ['deal.title'],
    kind: 'text',
    required: true,
    maxLength: 255,
    onInvalid: 'reject',
  },
  {
    canonical: 'deal.currency',
    from: ['deal.currency'],
    kind: 'currency',
    required: true,
    onInvalid: 'reject',
  },
  {
    canonical: 'deal.amount',
    from: ['deal.amount'],
    kind: 'money',
    numberFormat: crmNumberFormat,
    currencyFrom: 'deal.currency',
    required: false,
    // An amount that cannot be read exactly is never guessed at or dropped: money errors must stop the record.
    onInvalid: 'reject',
    note: 'A missing amount means no budget; a present one must be exact and non-negative.',
  },
  {
    canonical: 'deal.stage',
    from: ['deal.stage'],
    kind: 'text',
    required: false,
    maxLength: 100,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'deal.ownerEmail',
    from: ['deal.ownerEmail'],
    kind: 'email',
    required: false,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'deal.closeDate',
    from: ['deal.closeDate'],
    kind: 'date',
    required: false,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'deal.wonAt',
    from: ['deal.wonAt'],
    kind: 'datetime',
    required: false,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'deal.version',
    from: ['deal.version'],
    kind: 'sequence',
    required: false,
    onInvalid: 'omit-with-warning',
    defaultValue: 0,
    note: 'Orders events of one deal; the workflow ignores versions older than the last one applied.',
  },
  {
    canonical: 'deal.updatedAt',
    from: ['deal.updatedAt'],
    kind: 'datetime',
    required: false,
    onInvalid: 'omit-with-warning',
  },

  // Project: the delivery project the won deal starts.
  {
    canonical: 'project.externalId',
    from: ['deal.id'],
    kind: 'identifier',
    required: true,
    onInvalid: 'reject',
  },
  {
    canonical: 'project.name',
    from: ['deal.title'],
    kind: 'text',
    required: true,
    maxLength: 255,
    onInvalid: 'reject',
  },
  {
    canonical: 'project.clientName',
    from: ['company.name'],
    kind: 'text',
    required: true,
    maxLength: 255,
    onInvalid: 'reject',
  },
  {
    canonical: 'project.kickoffDate',
    from: ['deal.closeDate', 'deal.wonAt'],
    kind: 'date',
    acceptDateTime: true,
    required: false,
    onInvalid: 'omit-with-warning',
    note: 'The agreed close date; when the CRM has none, the (UTC) day the deal was won.',
  },
  {
    canonical: 'project.budget',
    from: ['deal.amount'],
    kind: 'money',
    numberFormat: crmNumberFormat,
    currencyFrom: 'deal.currency',
    required: false,
    onInvalid: 'reject',
  },
  {
    canonical: 'project.ownerEmail',
    from: ['deal.ownerEmail'],
    kind: 'email',
    required: false,
    onInvalid: 'omit-with-warning',
  },

  // Billing customer: who is invoiced, where, in what currency.
  {
    canonical: 'billingCustomer.externalId',
    from: ['deal.id'],
    kind: 'identifier',
    required: true,
    onInvalid: 'reject',
  },
  {
    canonical: 'billingCustomer.name',
    from: ['company.name'],
    kind: 'text',
    required: true,
    maxLength: 255,
    onInvalid: 'reject',
  },
  {
    canonical: 'billingCustomer.country',
    from: ['company.country'],
    kind: 'country',
    required: true,
    onInvalid: 'reject',
  },
  {
    canonical: 'billingCustomer.currency',
    from: ['deal.currency'],
    kind: 'currency',
    required: true,
    onInvalid: 'reject',
  },
  {
    canonical: 'billingCustomer.email',
    from: ['contact.email'],
    kind: 'email',
    required: false,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'billingCustomer.phone',
    from: ['contact.phone', 'company.phone'],
    kind: 'phone',
    defaultRegionFrom: 'organization.country',
    required: false,
    onInvalid: 'omit-with-warning',
    note: "The contact's direct line; the company's main number when the contact has none.",
  },
];
