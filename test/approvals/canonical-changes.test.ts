import { describe, expect, it } from 'vitest';
import { canonicalChanges, guardedFields } from '../../src/approvals/canonical-changes';
import { clientOnboardingApprovalPolicies } from '../../src/integrations/client-onboarding/approval-policy';

describe('canonicalChanges', () => {
  it('reports changed fields by canonical path, money whole', () => {
    const before = { deal: { title: 'A', amount: { amountMinor: 100, currency: 'EUR' } }, contact: null };
    const after = {
      deal: { title: 'A', amount: { amountMinor: 200, currency: 'EUR' } },
      contact: { email: 'x@y.z' },
    };
    expect(canonicalChanges(before, after)).toEqual([
      { field: 'contact', before: null, after: { email: 'x@y.z' } },
      {
        field: 'deal.amount',
        before: { amountMinor: 100, currency: 'EUR' },
        after: { amountMinor: 200, currency: 'EUR' },
      },
    ]);
    expect(canonicalChanges(after, after)).toEqual([]);
  });
});

describe('guardedFields', () => {
  it('are the fields the client-onboarding policy conditions read: amount and country', () => {
    const policies = clientOnboardingApprovalPolicies({
      amountThresholdMinor: 1,
      countries: [],
      warningCodes: [],
      group: 'g',
      timeoutMs: 1,
      escalationGroup: undefined,
      escalationTimeoutMs: 1,
      onExpiry: 'park',
    } as never);
    expect(guardedFields(policies)).toEqual(['deal.amount', 'organization.country']);
  });
});
