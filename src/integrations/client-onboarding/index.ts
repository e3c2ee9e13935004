import type { IntegrationDefinition } from '../integration';
import { runMapping } from '../../mapping/run-mapping';
import { crmDealWonContract } from '../../systems/crm/deal-won-contract';
import { clientOnboardingApprovalPolicies, summarizeEngagement } from './approval-policy';
import { clientOnboardingAnomalyChecks, clientOnboardingAnomalySettings } from './anomaly-checks';
import { approvalSettingsFrom, clientOnboardingSettings } from './approval-settings';
import { identifyDeal } from './identify';
import { clientOnboardingLifecycle, clientOnboardingTargetPolicies } from './lifecycle';
import { clientOnboardingMapping } from './mapping';

/**
 * A deal won in the CRM becomes a kickoff project in the project tool, a customer in billing and the customer's
 * invoice contact in accounting.
 */
export const clientOnboarding: IntegrationDefinition = {
  name: 'client-onboarding',
  description:
    'A deal won in the CRM becomes a kickoff project in the project tool, a customer in billing and an invoice ' +
    'contact in accounting.',
  trigger: 'webhook',
  source: 'crm',
  eventTypes: Object.keys(clientOnboardingLifecycle),
  lifecycle: clientOnboardingLifecycle,
  targets: ['project-tool/projects', 'billing/customers', 'accounting/contacts'],
  targetPolicies: clientOnboardingTargetPolicies,
  identify: identifyDeal,
  map: (payload) => runMapping(clientOnboardingMapping, payload),
  mapping: clientOnboardingMapping,
  sourceContract: crmDealWonContract,
  // Sales closes deals on working days; a CRM that sends no won deal for half a working day has likely stopped.
  expectedTraffic: {
    eventType: 'deal.won',
    atLeast: 1,
    withinMs: 4 * 3_600_000,
    timeZone: 'Europe/Berlin',
    businessHours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' },
  },
  settings: clientOnboardingSettings.extend(clientOnboardingAnomalySettings.shape),
  approval: {
    policies: (env) => clientOnboardingApprovalPolicies(approvalSettingsFrom(env)),
    summarize: summarizeEngagement,
    unshownChanges: ['deal.version', 'deal.updatedAt'],
  },
  anomalyChecks: clientOnboardingAnomalyChecks,
};
