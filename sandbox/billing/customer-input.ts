import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { characterCount, emailAddress, iso4217Currency, requiredText } from '../kit/field-rules';

const metadataValue = z
  .string({ error: 'metadata values must be strings' })
  .refine((value) => characterCount(value) <= 500, 'metadata values must be at most 500 characters');

/** Body of `POST /v1/customers`. Unknown fields are refused, as the billing vendor does for unknown parameters. */
export const createCustomerInput = z.strictObject({
  name: requiredText(200),
  country: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .refine(
      (value) => /^[A-Z]{2}$/.test(value) && countries.isValid(value),
      'must be an upper-case ISO 3166-1 alpha-2 country code, e.g. DE',
    ),
  currency: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .pipe(iso4217Currency),
  email: emailAddress.nullable().optional(),
  phone: z
    .string({ error: 'must be a string' })
    .regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 phone number, e.g. +14155550132')
    .nullable()
    .optional(),
  external_id: requiredText(255),
  metadata: z
    .record(
      z.string().refine((key) => characterCount(key) <= 40, 'metadata keys must be at most 40 characters'),
      metadataValue,
      { error: 'must be an object of string values' },
    )
    .refine((metadata) => Object.keys(metadata).length <= 50, 'must have at most 50 keys')
    .optional(),
});
export type CreateCustomerInput = z.infer<typeof createCustomerInput>;

/** Body of `POST /v1/customers/:id` (update): any creatable field but external_id. */
export const updateCustomerInput = createCustomerInput.omit({ external_id: true }).partial();

/** A customer as the billing system stores and returns it. */
export interface Customer {
  id: string;
  name: string;
  country: string;
  currency: string;
  email: string | null;
  phone: string | null;
  external_id: string;
  metadata: Record<string, string>;
  created_at: string;
}
