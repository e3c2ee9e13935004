import { z } from 'zod';

/** The billing system's "create customer" body, with the vendor's constraints. */
export const BillingBody = z
  .object({
    name: z.string().min(1).max(200),
    country: z.string().regex(/^[A-Z]{2}$/),
    currency: z.string().regex(/^[A-Z]{3}$/),
    email: z.email().optional(),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{1,14}$/)
      .optional(),
    external_id: z.string().min(1),
    metadata: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type BillingBody = z.infer<typeof BillingBody>;
