import { runMapping } from '../../mapping/run-mapping';
import { ticketEscalatedContract } from '../../systems/helpdesk/ticket-escalated-contract';
import type { IntegrationDefinition } from '../integration';
import { identifyTicket } from './identify';
import { findClientProject } from './lookup';
import { supportEscalationMapping } from './mapping';

/**
 * An escalated helpdesk ticket becomes a task on the client's project in the project tool and a note on the
 * company's CRM record (the CRM is the source of client-onboarding and a target here: two-way).
 */
export const supportEscalation: IntegrationDefinition = {
  name: 'support-escalation',
  description:
    "An escalated helpdesk ticket becomes a task on the client's project and a note on the company's CRM record.",
  trigger: 'webhook',
  source: 'helpdesk',
  eventTypes: ['ticket.escalated'],
  targets: ['project-tool/tasks', 'crm/notes'],
  targetPolicies: {
    // The note's text is ours; the company and the link never change.
    'crm/notes': { owns: ['body'] },
    'project-tool/tasks': { owns: ['project_id', 'title', 'description', 'priority'] },
  },
  identify: identifyTicket,
  lookup: findClientProject,
  map: (payload) => runMapping(supportEscalationMapping, payload),
  mapping: supportEscalationMapping,
  sourceContract: ticketEscalatedContract,
};
