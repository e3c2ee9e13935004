import type { MappedIntegration } from '../mapped-integration';
import { runMapping } from '../../mapping/run-mapping';
import { clientOnboardingApprovalPolicies } from './approval-policy';
import { crmDealWonContract } from './crm-deal-won-contract';
import { identifyDeal } from './identify';
import { clientOnboardingMapping } from './mapping';

/** A deal won in the CRM becomes a kickoff project in the project tool and a customer in billing. */
export const clientOnboarding: MappedIntegration = {
  name: 'client-onboarding',
  source: 'crm',
  eventTypes: ['deal.won'],
  targets: ['project-tool', 'billing'],
  identify: identifyDeal,
  map: (payload) => runMapping(clientOnboardingMapping, payload),
  mapping: clientOnboardingMapping,
  sourceContract: crmDealWonContract,
  approvalPolicies: clientOnboardingApprovalPolicies,
};
