import { z } from 'zod';

/** One record of the billing system's `POST /v1/usage_records/batch` body, with the vendor's constraints. */
export const BillingUsageBody = z
  .object({
    customer_external_id: z.string().min(1).max(255),
    usage_date: z.iso.date(),
    quantity: z.number().int().min(0).max(1_000_000_000),
    unit: z.literal('minute'),
  })
  .strict();
export type BillingUsageBody = z.infer<typeof BillingUsageBody>;
