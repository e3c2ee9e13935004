import { z } from 'zod';
import {
  CalendarDate,
  cleanTextOfAtMost,
  CurrencyCode,
  EmailAddress,
  SourceId,
  UtcDateTime,
} from './formats';
import { Money } from './money';

/** The won deal (the engagement): what was sold, for how much, and when. */
export const Deal = z
  .object({
    sourceId: SourceId.describe(
      'Deal ID in the source system; the record key every target receives as external ID',
    ),
    title: cleanTextOfAtMost(255).describe('Deal title, never shortened (1–255 characters)'),
    amount: Money.nullable().describe('Deal value in exact minor units; null when the source gives none'),
    currency: CurrencyCode.describe('Currency the client is billed in, ISO 4217'),
    stage: cleanTextOfAtMost(100).nullable().describe('Pipeline stage as the source names it, e.g. `won`'),
    ownerEmail: EmailAddress.nullable().describe('Email of the salesperson who owns the deal'),
    closeDate: CalendarDate.nullable().describe('Agreed close date'),
    wonAt: UtcDateTime.nullable().describe('When the deal was marked won, UTC'),
    version: z
      .number()
      .int()
      .min(0)
      .describe('Source record version; orders events of one deal (0 when absent)'),
    updatedAt: UtcDateTime.nullable().describe('Last change in the source, UTC'),
  })
  .describe('Won deal / engagement');
export type Deal = z.infer<typeof Deal>;
