import { z } from 'zod';
import { createDealInput } from './deal-input';

/**
 * Body of `PATCH /api/deals/:id`: any of the deal's editable fields, at least one. Unknown fields (and `stage`,
 * `version`, which only the CRM sets) are refused by name, so a typo never looks like a successful edit.
 */
export const updateDealInput = createDealInput
  .pick({ title: true, contactId: true, amount: true, currency: true, ownerEmail: true, closeDate: true })
  .partial()
  .strict()
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    message: 'name at least one field to change',
  });
export type UpdateDealInput = z.infer<typeof updateDealInput>;

/** Body of `PATCH /api/companies/:id`: the company's editable fields, at least one. */
export const updateCompanyInput = z
  .strictObject({
    name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be blank').max(255),
    country: z.string({ error: 'must be a string' }).max(100),
    domain: z.string({ error: 'must be a string' }).max(255),
    phone: z.string({ error: 'must be a string' }).max(50),
  })
  .partial()
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    message: 'name at least one field to change',
  });
