import type { FieldPath } from '../../mapping/field-path';
import type { SourceFieldRule, SourceGroupRule } from '../../mapping/mapping-definition';
import type { EscalationPayload } from './escalation-payload';

type EscalationPath = FieldPath<EscalationPayload>;

export const escalationGroups: readonly SourceGroupRule<EscalationPath>[] = [
  { source: 'ticket', canonical: 'escalation', required: true },
  // Without a project there is nowhere to put the task: the look-up parks such tickets before mapping.
  { source: 'lookup', canonical: 'escalation', required: true },
];

/** Helpdesk `ticket.escalated` (+ look-up) → canonical escalation, field by field. */
export const helpdeskToCanonical: readonly SourceFieldRule<EscalationPath>[] = [
  {
    canonical: 'escalation.ticketSourceId',
    from: ['ticket.id'],
    kind: 'identifier',
    required: true,
    onInvalid: 'reject',
  },
  {
    canonical: 'escalation.subject',
    from: ['ticket.subject'],
    kind: 'text',
    required: true,
    maxLength: 255,
    onInvalid: 'reject',
  },
  {
    canonical: 'escalation.description',
    from: ['ticket.description'],
    kind: 'text',
    required: true,
    maxLength: 20_000,
    onInvalid: 'reject',
  },
  {
    canonical: 'escalation.priority',
    from: ['ticket.priority'],
    kind: 'text',
    required: true,
    maxLength: 10,
    onInvalid: 'reject',
    note: 'low, normal, high or urgent: the project tool uses the same scale, so nothing is translated.',
  },
  {
    canonical: 'escalation.status',
    from: ['ticket.status'],
    kind: 'text',
    required: false,
    maxLength: 40,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'escalation.requesterEmail',
    from: ['ticket.requesterEmail'],
    kind: 'email',
    required: false,
    onInvalid: 'omit-with-warning',
  },
  {
    canonical: 'escalation.revision',
    from: ['ticket.revision'],
    kind: 'sequence',
    required: false,
    onInvalid: 'omit-with-warning',
    defaultValue: 0,
    note: 'Orders events of one ticket; the workflow ignores revisions older than the last one applied.',
  },
  {
    canonical: 'escalation.companySourceId',
    from: ['ticket.crmCompanyId'],
    kind: 'identifier',
    required: true,
    onInvalid: 'reject',
    note: 'The CRM company the support agent linked: the note goes on its record.',
  },
  {
    canonical: 'escalation.dealSourceId',
    from: ['lookup.deal.id'],
    kind: 'identifier',
    required: false,
    onInvalid: 'omit-with-warning',
    note: "Looked up: the company's most recently won deal that has a project.",
  },
  {
    canonical: 'escalation.projectSourceId',
    from: ['lookup.project.id'],
    kind: 'identifier',
    required: true,
    onInvalid: 'reject',
    note: 'Looked up: the project client-onboarding created for that deal (project external_id = deal ID).',
  },
];
