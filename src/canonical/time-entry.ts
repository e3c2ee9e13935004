import { z } from 'zod';
import { CalendarDate, SourceId } from './formats';

/** Working time booked on a project, as billing needs it. Minutes are exact integers: hours are never floats. */
export const TimeEntry = z
  .object({
    sourceId: SourceId.describe('ID of the time entry in the project tool'),
    projectSourceId: SourceId.describe('ID of the project the time was booked on'),
    personSourceId: SourceId.nullable().describe('Opaque ID of the person who worked; null when unknown'),
    workDate: CalendarDate.describe('The day worked (a calendar date, no time zone)'),
    minutes: z.number().int().min(1).max(1_440).describe('Time worked, in whole minutes'),
    billingCustomerExternalId: SourceId.describe(
      "The billing customer's external_id: the deal ID client-onboarding linked the project and customer by",
    ),
  })
  .describe('Billable time entry');
export type TimeEntry = z.infer<typeof TimeEntry>;

/** The canonical record of the billable-hours integration: one billable time entry. */
export const CanonicalTimeEntryRecord = z
  .object({ timeEntry: TimeEntry })
  .describe('Canonical record of one billable time entry');
export type CanonicalTimeEntryRecord = z.infer<typeof CanonicalTimeEntryRecord>;
