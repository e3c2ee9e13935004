import { z } from 'zod';

/** The accounting system's "create contact" body (PascalCase, strict), with the vendor's constraints. */
export const AccountingContactBody = z
  .object({
    Name: z.string().min(1).max(255),
    EmailAddress: z.email().max(255).optional(),
    CountryCode: z.string().regex(/^[A-Z]{2}$/),
    Currency: z.string().regex(/^[A-Z]{3}$/),
    ExternalRef: z.string().min(1).max(255),
  })
  .strict();
export type AccountingContactBody = z.infer<typeof AccountingContactBody>;
