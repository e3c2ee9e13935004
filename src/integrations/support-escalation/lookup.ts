import { isPlainObject } from '../../mapping/field-path';
import { crm } from '../../systems/crm';
import { projectTool } from '../../systems/project-tool';
import type { ReferenceLookup } from '../integration';
import { ReferenceNotFound } from '../reference-not-found';

/**
 * The client's project of an escalated ticket: the CRM company the ticket names → its won deals (newest first)
 * → the first one whose project client-onboarding created (project `external_id` = deal ID). No company, no won
 * deal or no project is a ReferenceNotFound that says which.
 */
export const findClientProject: ReferenceLookup = {
  description:
    "The ticket's CRM company → its most recently won deal that has a project → that project in the project tool",
  reads: ['crm', 'project-tool'],
  async run(payload, connections, { signal }) {
    const ticket = isPlainObject(payload) ? payload.ticket : undefined;
    const companyId = isPlainObject(ticket) ? ticket.crmCompanyId : undefined;
    // Nothing to look up: the contract check and the mapping report what is missing.
    if (typeof companyId !== 'string' || companyId.trim() === '') return {};
    const deals = await connections.of(crm).wonDeals(companyId, signal);
    if (deals.length === 0) {
      throw new ReferenceNotFound(
        `CRM company ${companyId} has no won deal, so it has no client project to put the escalation on`,
      );
    }
    for (const deal of deals) {
      const project = await connections.of(projectTool).findProject(deal.id, signal);
      if (project) return { deal: { id: deal.id }, project: { id: project.id } };
    }
    throw new ReferenceNotFound(
      `No project in the project tool carries a won deal of CRM company ${companyId} ` +
        `(${deals.map((deal) => deal.id).join(', ')}): client-onboarding has not created it yet`,
    );
  },
};
