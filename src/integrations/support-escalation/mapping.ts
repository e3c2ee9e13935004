import { CanonicalEscalationRecord } from '../../canonical/support-escalation';
import type { MappingDefinition, SourcePathOf } from '../../mapping/mapping-definition';
import { canonicalToCrmNotes } from './canonical-to-crm-notes';
import { canonicalToProjectToolTasks } from './canonical-to-project-tool-tasks';
import type { EscalationPayload } from './escalation-payload';
import { escalationGroups, helpdeskToCanonical } from './helpdesk-to-canonical';

/** Support escalation: an escalated helpdesk ticket becomes a task on the client's project and a CRM note. */
export const supportEscalationMapping: MappingDefinition<SourcePathOf<EscalationPayload>> = {
  integration: 'support-escalation',
  source: {
    system: 'helpdesk',
    eventTypes: ['ticket.escalated'],
    numberFormat: { decimalSeparator: '.', groupSeparator: ',' },
  },
  groups: escalationGroups,
  fields: helpdeskToCanonical,
  canonicalSchema: CanonicalEscalationRecord,
  targets: {
    'project-tool/tasks': canonicalToProjectToolTasks,
    'crm/notes': canonicalToCrmNotes,
  },
};
