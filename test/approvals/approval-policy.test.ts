import { describe, expect, it } from 'vitest';
import { evaluateApprovalPolicies, formatMinor } from '../../src/approvals/approval-policy';
import { loadEnvironment } from '../../src/config/environment';
import { clientOnboarding } from '../../src/integrations/client-onboarding';
import { clientOnboardingApprovalPolicies } from '../../src/integrations/client-onboarding/approval-policy';
import {
  approvalSettingsFrom,
  type ApprovalSettings,
} from '../../src/integrations/client-onboarding/approval-settings';
import { dealWonEnvelope } from '../support/signed-webhook';

const defaults = approvalSettingsFrom(loadEnvironment({ NODE_ENV: 'test' }));

function mapped(overrides: { amount?: string; country?: string } = {}) {
  const envelope = dealWonEnvelope();
  if (overrides.amount !== undefined) envelope.data.deal.amount = overrides.amount;
  if (overrides.country !== undefined) envelope.data.company.country = overrides.country;
  const outcome = clientOnboarding.map(envelope.data);
  if (outcome.status !== 'ok') throw new Error(`fixture did not map: ${JSON.stringify(outcome.reasons)}`);
  return { canonical: outcome.canonical, warnings: outcome.warnings };
}

function evaluate(settings: Partial<ApprovalSettings>, subject: ReturnType<typeof mapped>) {
  return evaluateApprovalPolicies(clientOnboardingApprovalPolicies({ ...defaults, ...settings }), subject);
}

describe('client-onboarding approval policy', () => {
  it('has documented defaults: 50,000.00 threshold, sales-leads for 2 days, then finance for 1 day, then park', () => {
    expect(defaults).toEqual({
      amountThresholdMinor: 5_000_000,
      countries: [],
      warningCodes: [],
      group: 'sales-leads',
      timeoutMs: 2 * 86_400_000,
      escalationGroup: 'finance',
      escalationTimeoutMs: 86_400_000,
      onExpiry: 'park',
    });
  });

  it('lets the sandbox deal (12,500.00 USD) through with the default threshold', () => {
    expect(evaluate({}, mapped())).toBeUndefined();
  });

  it('requires approval at or above the threshold, naming the amount and the route', () => {
    const requirement = evaluate({ amountThresholdMinor: 1_250_000 }, mapped());
    expect(requirement).toEqual({
      policy: 'client-onboarding-review',
      policyDescription: expect.any(String),
      reasons: ['Deal amount 12,500.00 USD is at or above the threshold 12,500.00 USD'],
      stages: [
        { group: 'sales-leads', timeoutMs: 2 * 86_400_000 },
        { group: 'finance', timeoutMs: 86_400_000 },
      ],
      onExpiry: 'park',
      ownerEmail: 'owner@example.com',
    });
    expect(evaluate({ amountThresholdMinor: 1_250_001 }, mapped())).toBeUndefined();
  });

  it('never matches a deal without an amount on the amount rule', () => {
    expect(evaluate({ amountThresholdMinor: 0 }, mapped({ amount: '' }))).toBeUndefined();
  });

  it('requires approval for a new client in a listed country', () => {
    const requirement = evaluate({ countries: ['IR', 'de'] }, mapped());
    expect(requirement?.reasons).toEqual(['New client in DE, a country that needs approval']);
    expect(evaluate({ countries: ['FR'] }, mapped())).toBeUndefined();
  });

  it('requires approval when the mapping changed a listed value', () => {
    const subject = mapped();
    subject.warnings = [{ field: 'company.name', code: 'shortened', reason: 'Shortened to 255 characters' }];
    expect(evaluate({ warningCodes: ['shortened'] }, subject)?.reasons).toEqual([
      'The mapping changed a value: company.name (shortened)',
    ]);
    expect(evaluate({ warningCodes: 'any' }, subject)).toBeDefined();
    expect(evaluate({ warningCodes: ['phone_extension_dropped'] }, subject)).toBeUndefined();
  });

  it('without an escalation group, has a single stage; the expiry action follows the setting', () => {
    const requirement = evaluate(
      { amountThresholdMinor: 1, escalationGroup: '', onExpiry: 'reject' },
      mapped(),
    );
    expect(requirement?.stages).toEqual([{ group: 'sales-leads', timeoutMs: 2 * 86_400_000 }]);
    expect(requirement?.onExpiry).toBe('reject');
  });
});

describe('approval settings from the environment', () => {
  it('reads thresholds, lists, durations and "none" for no escalation', () => {
    const settings = approvalSettingsFrom(
      loadEnvironment({
        NODE_ENV: 'test',
        APPROVAL_AMOUNT_THRESHOLD_MINOR: '100',
        APPROVAL_COUNTRIES: 'ir, kp',
        APPROVAL_WARNING_CODES: '*',
        APPROVAL_TIMEOUT: '90s',
        APPROVAL_ESCALATION_GROUP: 'none',
        APPROVAL_ON_EXPIRY: 'reject',
      }),
    );
    expect(settings).toMatchObject({
      amountThresholdMinor: 100,
      countries: ['IR', 'KP'],
      warningCodes: 'any',
      timeoutMs: 90_000,
      escalationGroup: '',
      onExpiry: 'reject',
    });
  });

  it('refuses a malformed country list, naming the variable', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'test', APPROVAL_COUNTRIES: 'Germany' })).toThrow(
      /APPROVAL_COUNTRIES/,
    );
  });
});

describe('formatMinor', () => {
  it('uses the currency’s minor-unit digits', () => {
    expect(formatMinor(1_250_000, 'USD')).toBe('12,500.00 USD');
    expect(formatMinor(1_250_000, 'JPY')).toBe('1,250,000 JPY');
    expect(formatMinor(1_250_000, 'KWD')).toBe('1,250.000 KWD');
  });
});
