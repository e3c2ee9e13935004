import currencyCodes from 'currency-codes';
import { z } from 'zod';
import { isoDate, requiredText } from '../kit/field-rules';

/** en-US number as a person types it: "12,500.00", "980", "0.50"; thousands separators optional but regular. */
const enUsAmount = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/**
 * Body of `POST /api/deals`. The CRM is forgiving, like the UI it backs: currency in any case, amount as a
 * string or a number, and unknown fields ignored.
 */
export const createDealInput = z.object({
  title: requiredText(255),
  companyId: requiredText(64),
  contactId: z.string({ error: 'must be a string' }).nullable().optional(),
  amount: z
    .union([z.string(), z.number().nonnegative().transform(String)], {
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string like "12,500.00"'),
    })
    .refine((amount) => enUsAmount.test(amount), 'must be an amount like "12,500.00"'),
  currency: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .refine(
      (code) => /^[A-Za-z]{3}$/.test(code) && currencyCodes.code(code.toUpperCase()) !== undefined,
      'must be an ISO 4217 currency code',
    ),
  ownerEmail: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .regex(/^\s*[^\s@]+@[^\s@]+\.[^\s@]+\s*$/, 'must be an email address'),
  closeDate: isoDate.nullable().optional(),
});
export type CreateDealInput = z.infer<typeof createDealInput>;
