import { CanonicalTimeEntryRecord } from '../../canonical/time-entry';
import { defineTargetMapping } from '../../mapping/define-target-mapping';
import type { MappingDefinition, SourcePathOf } from '../../mapping/mapping-definition';
import { BillingUsageBody } from '../../systems/billing/usage-record-body';
import type { TimeEntryPayload } from '../../systems/project-tool/time-entry-payload';

/** Canonical time entry → one billing usage line (lines of one customer and day are summed into one record). */
const canonicalToBillingUsage = defineTargetMapping(BillingUsageBody, [
  {
    target: 'customer_external_id',
    from: { canonical: 'timeEntry.billingCustomerExternalId' },
    type: 'string',
    required: true,
  },
  {
    target: 'usage_date',
    from: { canonical: 'timeEntry.workDate' },
    type: 'string (YYYY-MM-DD)',
    required: true,
  },
  { target: 'quantity', from: { canonical: 'timeEntry.minutes' }, type: 'integer (minutes)', required: true },
  { target: 'unit', from: { constant: 'minute' }, type: 'string', required: true },
]);

/** Billable hours: time booked in the project tool becomes metered usage of the client's billing customer. */
export const billableHoursMapping: MappingDefinition<SourcePathOf<TimeEntryPayload>> = {
  integration: 'billable-hours',
  source: {
    system: 'project-tool',
    eventTypes: ['time_entry (batch read)'],
    numberFormat: { decimalSeparator: '.', groupSeparator: ',' },
  },
  groups: [
    { source: 'entry', canonical: 'timeEntry', required: true },
    { source: 'project', canonical: 'timeEntry', required: true },
  ],
  fields: [
    {
      canonical: 'timeEntry.sourceId',
      from: ['entry.id'],
      kind: 'identifier',
      required: true,
      onInvalid: 'reject',
    },
    {
      canonical: 'timeEntry.projectSourceId',
      from: ['entry.project_id'],
      kind: 'identifier',
      required: true,
      onInvalid: 'reject',
    },
    {
      canonical: 'timeEntry.personSourceId',
      from: ['entry.person_id'],
      kind: 'identifier',
      required: false,
      onInvalid: 'omit-with-warning',
    },
    {
      canonical: 'timeEntry.workDate',
      from: ['entry.date'],
      kind: 'date',
      required: true,
      onInvalid: 'reject',
    },
    {
      canonical: 'timeEntry.minutes',
      from: ['entry.minutes'],
      kind: 'count',
      required: true,
      onInvalid: 'reject',
      note: 'Billed as exact minutes; a fractional or textual value means the source changed and is refused.',
    },
    {
      canonical: 'timeEntry.billingCustomerExternalId',
      from: ['project.external_id'],
      kind: 'identifier',
      required: true,
      onInvalid: 'reject',
      note: 'client-onboarding set project.external_id = deal ID = billing customer external_id.',
    },
  ],
  canonicalSchema: CanonicalTimeEntryRecord,
  targets: { 'billing/usage-records': canonicalToBillingUsage },
};
