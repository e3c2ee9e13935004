import { z } from 'zod';

/**
 * The project tool's "create project" body, with the vendor's constraints (snake_case). Its API refuses values
 * over these limits, so every body is checked against this schema before it counts as mapped.
 */
export const ProjectToolBody = z
  .object({
    name: z.string().min(1).max(120),
    client: z.string().min(1).max(60),
    external_id: z.string().min(1),
    kickoff_date: z.iso.date().optional(),
    budget_cents: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    owner_email: z.email().optional(),
    status: z.literal('kickoff'),
  })
  .strict();
export type ProjectToolBody = z.infer<typeof ProjectToolBody>;
