import type { MappingDefinition, SourcePathOf } from '../../mapping/mapping-definition';
import { canonicalToAccountingContacts } from './canonical-to-accounting-contacts';
import { canonicalToBilling } from './canonical-to-billing';
import { canonicalToProjectTool } from './canonical-to-project-tool';
import type { CrmDealWonPayload } from '../../systems/crm/deal-won-payload';
import { crmGroups, crmNumberFormat, crmToCanonical } from './crm-to-canonical';

/** Client onboarding: a deal won in the CRM becomes a kickoff project, a billing customer and an invoice contact. */
export const clientOnboardingMapping: MappingDefinition<SourcePathOf<CrmDealWonPayload>> = {
  integration: 'client-onboarding',
  source: { system: 'crm', eventTypes: ['deal.won'], numberFormat: crmNumberFormat },
  groups: crmGroups,
  fields: crmToCanonical,
  targets: {
    'project-tool/projects': canonicalToProjectTool,
    'billing/customers': canonicalToBilling,
    'accounting/contacts': canonicalToAccountingContacts,
  },
};
