import type { ApprovalPolicyDeclaration } from '../../approvals/approval-policy';

/**
 * Client onboarding commits the company to a client: a kickoff project and a billing customer. Large
 * engagements, clients in countries that need a compliance look, and records the mapping had to change wait for
 * a sales lead first; an unanswered request goes to finance, then is parked (by default) rather than written.
 * Thresholds, groups and timeouts come from APPROVAL_* (docs/approvals.md).
 */
export const clientOnboardingApprovalPolicies: ApprovalPolicyDeclaration = (settings) => [
  {
    name: 'client-onboarding-review',
    description:
      'A large deal, a client in a listed country, or a record the mapping had to change is reviewed by a ' +
      'person before the project and the billing customer are created.',
    requireWhen: [
      { kind: 'dealAmountAtLeast', amountMinor: settings.amountThresholdMinor },
      { kind: 'organizationCountryIn', countries: settings.countries },
      { kind: 'mappingWarningPresent', codes: settings.warningCodes },
    ],
    approvers: { group: settings.group, timeoutMs: settings.timeoutMs },
    ...(settings.escalationGroup
      ? { escalation: { group: settings.escalationGroup, timeoutMs: settings.escalationTimeoutMs } }
      : {}),
    onExpiry: settings.onExpiry,
  },
];
