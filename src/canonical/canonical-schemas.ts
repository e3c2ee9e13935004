import type { CanonicalRecord } from './canonical-record';
import type { CanonicalEscalationRecord } from './support-escalation';
import type { CanonicalTimeEntryRecord } from './time-entry';

/**
 * Every canonical record shape an integration may map through, by name. Mapping definitions name canonical
 * fields of these types, so a typo is a compile error. Adding a shape is a file in src/canonical plus one line
 * here.
 */
export interface CanonicalSchemas {
  /** A won client engagement (client-onboarding). */
  engagement: CanonicalRecord;
  /** One billable time entry (billable-hours). */
  timeEntry: CanonicalTimeEntryRecord;
  /** One escalated support ticket (support-escalation). */
  escalation: CanonicalEscalationRecord;
}
