import { defineTargetMapping } from '../../mapping/define-target-mapping';
import { BillingBody } from '../../systems/billing/customer-body';

/** Canonical record → the billing system's "create customer" body (billing/customers). */
export const canonicalToBilling = defineTargetMapping(BillingBody, [
  {
    target: 'name',
    from: { canonical: 'billingCustomer.name' },
    type: 'string',
    required: true,
    maxLength: 200,
    onTooLong: {
      policy: 'shorten-with-warning',
      fullValueKeptIn: 'billing metadata.full_name and canonical organization.name',
      copyFullValueTo: 'metadata.full_name',
    },
  },
  {
    target: 'country',
    from: { canonical: 'billingCustomer.country' },
    type: 'string (ISO 3166-1 alpha-2)',
    required: true,
  },
  {
    target: 'currency',
    from: { canonical: 'billingCustomer.currency' },
    type: 'string (ISO 4217)',
    required: true,
  },
  { target: 'email', from: { canonical: 'billingCustomer.email' }, type: 'string (email)', required: false },
  { target: 'phone', from: { canonical: 'billingCustomer.phone' }, type: 'string (E.164)', required: false },
  {
    target: 'external_id',
    from: { canonical: 'billingCustomer.externalId' },
    type: 'string',
    required: true,
  },
  {
    target: 'metadata.crm_company_id',
    from: { canonical: 'organization.sourceId' },
    type: 'string',
    required: false,
  },
  {
    target: 'metadata.crm_contact_id',
    from: { canonical: 'contact.sourceId' },
    type: 'string',
    required: false,
  },
]);
