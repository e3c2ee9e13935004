import { defineTargetMapping } from '../../mapping/define-target-mapping';
import { AccountingContactBody } from '../../systems/accounting/contact-body';

/** Canonical record → the accounting system's invoice contact (accounting/contacts): who is invoiced, where. */
export const canonicalToAccountingContacts = defineTargetMapping(AccountingContactBody, [
  {
    target: 'Name',
    from: { canonical: 'billingCustomer.name' },
    type: 'string',
    required: true,
    maxLength: 255,
    onTooLong: { policy: 'reject' },
  },
  {
    target: 'EmailAddress',
    from: { canonical: 'billingCustomer.email' },
    type: 'string (email)',
    required: false,
  },
  {
    target: 'CountryCode',
    from: { canonical: 'billingCustomer.country' },
    type: 'string (ISO 3166-1 alpha-2)',
    required: true,
  },
  {
    target: 'Currency',
    from: { canonical: 'billingCustomer.currency' },
    type: 'string (ISO 4217)',
    required: true,
  },
  {
    target: 'ExternalRef',
    from: { canonical: 'billingCustomer.externalId' },
    type: 'string',
    required: true,
  },
]);
