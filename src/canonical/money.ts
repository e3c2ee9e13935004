import { z } from 'zod';
import { CurrencyCode } from './formats';

/**
 * An amount of money as an exact integer of the currency's minor unit (cents for USD, yen for JPY, fils for
 * KWD, per ISO 4217's minor-unit digits). Never a float: 12,500.00 USD is `{ amountMinor: 1250000, currency:
 * 'USD' }`.
 */
export const Money = z
  .object({
    amountMinor: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .describe('Amount in minor units of the currency, a non-negative integer'),
    currency: CurrencyCode,
  })
  .describe('Money as exact integer minor units plus its ISO 4217 currency');
export type Money = z.infer<typeof Money>;
