import { z } from 'zod';
import { emailAddress, iso4217Currency, isoDate, requiredText } from '../kit/field-rules';

export const projectStatuses = ['kickoff', 'active', 'on_hold', 'completed', 'archived'] as const;

/** Body of `POST /v2/projects`. Unknown fields are refused, so a mapping typo fails loudly instead of vanishing. */
export const createProjectInput = z.strictObject({
  name: requiredText(120),
  client: requiredText(60),
  external_id: requiredText(255),
  kickoff_date: isoDate.nullable().optional(),
  budget_cents: z
    .number({ error: 'must be an integer number of cents' })
    .int('must be an integer number of cents')
    .min(0, 'must be at least 0')
    .max(Number.MAX_SAFE_INTEGER, 'is too large')
    .nullable()
    .optional(),
  currency: iso4217Currency.nullable().optional(),
  owner_email: emailAddress.nullable().optional(),
  status: z.enum(projectStatuses, { error: `must be one of ${projectStatuses.join(', ')}` }).optional(),
});
export type CreateProjectInput = z.infer<typeof createProjectInput>;

/** Body of `PATCH /v2/projects/:id`: any creatable field but the link to the source record. */
export const updateProjectInput = createProjectInput.omit({ external_id: true }).partial();

/** A project as the project tool stores and returns it (snake_case, nulls for unset fields). */
export interface Project {
  id: string;
  name: string;
  client: string;
  external_id: string;
  kickoff_date: string | null;
  budget_cents: number | null;
  currency: string | null;
  owner_email: string | null;
  status: (typeof projectStatuses)[number];
  created_at: string;
}
