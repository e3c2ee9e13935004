/**
 * What the billable-hours mapping reads for one time entry: the project tool's entry as its API returns it, and
 * the one field of its project that links it to billing. Leaves are `unknown` at runtime; the type exists so the
 * mapping names only fields that exist.
 */
export interface TimeEntryPayload {
  entry: {
    id: string;
    project_id: string;
    person_id: string;
    date: string;
    minutes: number;
    billable: boolean;
    notes: string | null;
    created_at: string;
  };
  project: {
    /** The CRM deal ID client-onboarding gave the project, which is also the billing customer's external_id. */
    external_id: string;
  };
}
