import { z } from 'zod';
import { isoDate, requiredText } from '../kit/field-rules';

/** Longest working time one entry may record: a day. */
export const maxMinutesPerEntry = 24 * 60;

/**
 * Body of `POST /v2/time_entries`. Time is whole minutes: the project tool never stores fractional hours, so a
 * sum over thousands of entries is exact.
 */
export const createTimeEntryInput = z.strictObject({
  project_id: requiredText(64),
  person_id: requiredText(64),
  date: isoDate,
  minutes: z
    .number({ error: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1')
    .max(maxMinutesPerEntry, `must be at most ${maxMinutesPerEntry}`),
  billable: z.boolean({ error: 'must be true or false' }),
  notes: z
    .string({ error: 'must be a string' })
    .max(500, 'must be at most 500 characters')
    .nullable()
    .optional(),
});
export type CreateTimeEntryInput = z.infer<typeof createTimeEntryInput>;

/** A time entry as the project tool stores and returns it. */
export interface TimeEntry {
  id: string;
  project_id: string;
  person_id: string;
  /** The day worked, `YYYY-MM-DD` (a calendar date, no time zone). */
  date: string;
  minutes: number;
  billable: boolean;
  notes: string | null;
  created_at: string;
}

/** Page sizes `GET /v2/time_entries` accepts. */
export const timeEntryPageLimit = { default: 100, max: 1_000 } as const;

/** Query of `GET /v2/time_entries`; every parameter at most once. */
export const listTimeEntriesQuery = z.strictObject({
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a cursor this API issued')
    .optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(timeEntryPageLimit.max, `must be at most ${timeEntryPageLimit.max}`)
    .optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  billable: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  project_id: z.string().min(1).optional(),
});
export type ListTimeEntriesQuery = z.infer<typeof listTimeEntriesQuery>;
