import { z } from 'zod';
import { cleanTextOfAtMost, CountryCode, CurrencyCode, EmailAddress, PhoneNumber, SourceId } from './formats';

/** The customer account the client is invoiced under. Target-neutral: full values, no vendor limits applied. */
export const BillingCustomer = z
  .object({
    externalId: SourceId.describe('ID of the source record the customer comes from (the deal ID)'),
    name: cleanTextOfAtMost(255).describe('Customer name, in full'),
    country: CountryCode.describe('Billing country, ISO 3166-1 alpha-2 (decides tax treatment)'),
    currency: CurrencyCode.describe('Invoicing currency, ISO 4217'),
    email: EmailAddress.nullable().describe('Invoice recipient email; null when unknown'),
    phone: PhoneNumber.nullable().describe('Billing contact phone in E.164; null when unknown'),
  })
  .describe('Billing customer');
export type BillingCustomer = z.infer<typeof BillingCustomer>;
