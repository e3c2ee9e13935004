import { describe, expect, it } from 'vitest';
import { clientOnboarding } from '../../src/integrations/client-onboarding';
import { getIntegration, integrations, integrationsForSource } from '../../src/integrations/registry';
import type { MappingOutcome } from '../../src/mapping/outcome';
import { crmPayload } from './crm-payload';

function expectOk(outcome: MappingOutcome) {
  if (outcome.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(outcome.reasons)}`);
  return outcome;
}

describe('client-onboarding registration', () => {
  it('is registered under its name and source', () => {
    expect(integrations).toContain(clientOnboarding);
    expect(getIntegration('client-onboarding')).toBe(clientOnboarding);
    expect(getIntegration('nope')).toBeUndefined();
    expect(integrationsForSource('crm')).toEqual([clientOnboarding]);
    expect(integrationsForSource('erp')).toEqual([]);
    expect(clientOnboarding).toMatchObject({
      source: 'crm',
      eventTypes: ['deal.won'],
      targets: ['project-tool/projects', 'billing/customers', 'accounting/contacts'],
    });
  });
});

describe('identify', () => {
  it('reads the deal ID and version', () => {
    expect(clientOnboarding.identify(crmPayload())).toEqual({ recordKey: 'deal_100', sequence: 3 });
  });

  it('defaults the sequence to 0 when the version is absent or invalid', () => {
    expect(clientOnboarding.identify(crmPayload({ deal: { version: undefined } }))?.sequence).toBe(0);
    expect(clientOnboarding.identify(crmPayload({ deal: { version: -2 } }))?.sequence).toBe(0);
    expect(clientOnboarding.identify(crmPayload({ deal: { version: '7' } }))?.sequence).toBe(7);
  });

  it.each([
    null,
    [],
    'deal_1',
    { deal: null },
    { deal: { id: 42 } },
    { deal: { id: 'has space' } },
    { deal: { id: '' } },
  ])('has no key for %j', (payload) => {
    expect(clientOnboarding.identify(payload)).toBeUndefined();
  });

  it('refuses IDs outside the safe charset or over 128 characters', () => {
    expect(clientOnboarding.identify(crmPayload({ deal: { id: 'deal/../x' } }))).toBeUndefined();
    expect(clientOnboarding.identify(crmPayload({ deal: { id: 'a'.repeat(129) } }))).toBeUndefined();
  });
});

describe('map', () => {
  it('maps a clean deal into both targets in their own conventions', () => {
    const outcome = expectOk(clientOnboarding.map(crmPayload()));
    expect(outcome.warnings).toEqual([]);
    expect(outcome.unmappedSourceFields).toEqual([]);
    expect(outcome.targets['project-tool/projects']).toEqual({
      name: 'Website relaunch',
      client: 'Acme Inc.',
      external_id: 'deal_100',
      kickoff_date: '2026-11-30',
      budget_cents: 1_250_000,
      currency: 'USD',
      owner_email: 'ann@example.com',
      status: 'kickoff',
    });
    expect(outcome.targets['billing/customers']).toEqual({
      name: 'Acme Inc.',
      country: 'US',
      currency: 'USD',
      email: 'ann@example.com',
      phone: '+14155550134',
      external_id: 'deal_100',
      metadata: { crm_company_id: 'co_100', crm_contact_id: 'ct_100' },
    });
    expect(outcome.canonical).toMatchObject({
      organization: { name: 'Acme Inc.', country: 'US', phone: '+14155550100', domain: 'acme.com' },
      deal: { amount: { amountMinor: 1_250_000, currency: 'USD' }, version: 3 },
    });
  });

  it('shortens an over-long client name for the project tool, keeps it whole elsewhere, and warns', () => {
    const name =
      'The International Consolidated Widget Manufacturing and Distribution Company of North America';
    const outcome = expectOk(clientOnboarding.map(crmPayload({ company: { name } })));
    const client = outcome.targets['project-tool/projects']?.client as string;
    expect(client.length).toBeLessThanOrEqual(60);
    expect(client.endsWith('…')).toBe(true);
    expect(outcome.targets['billing/customers']?.name).toBe(name);
    expect(outcome.canonical).toMatchObject({ organization: { name } });
    expect(outcome.warnings).toEqual([
      expect.objectContaining({
        field: 'company.name',
        code: 'shortened',
        reason: expect.stringContaining('60'),
      }),
    ]);
  });

  it('keeps the full name in billing metadata when billing’s 200-character limit shortens it', () => {
    const name = `${'Société Générale '.repeat(14)}SA`.trim();
    const outcome = expectOk(clientOnboarding.map(crmPayload({ company: { name } })));
    expect((outcome.targets['billing/customers']?.name as string).length).toBeLessThanOrEqual(200);
    expect(outcome.targets['billing/customers']?.metadata).toMatchObject({ full_name: name });
  });

  it('rejects a name beyond the canonical 255 characters instead of cutting it', () => {
    const outcome = clientOnboarding.map(crmPayload({ company: { name: 'x'.repeat(300) } }));
    expect(outcome).toMatchObject({
      status: 'rejected',
      reasons: [{ field: 'company.name', code: 'too_long' }],
    });
  });

  it.each([
    [{ deal: { amount: '-500.00' } }, 'deal.amount', 'negative_amount'],
    [{ deal: { amount: '1.234,50' } }, 'deal.amount', 'invalid_amount'],
    [{ deal: { amount: 0.1 + 0.2 } }, 'deal.amount', 'too_precise'],
    [{ company: { country: 'Atlantis' } }, 'company.country', 'unknown_country'],
    [{ company: { country: undefined } }, 'company.country', 'required'],
    [{ deal: { currency: 'dollars' } }, 'deal.currency', 'unknown_currency'],
    [{ deal: { title: ' \u200b ' } }, 'deal.title', 'required'],
    [{ deal: { id: 'bad id' } }, 'deal.id', 'invalid_id'],
    [{ company: { name: 12345 } }, 'company.name', 'wrong_type'],
  ])('rejects %j naming %s', (overrides, field, code) => {
    const outcome = clientOnboarding.map(crmPayload(overrides));
    expect(outcome.status).toBe('rejected');
    expect(outcome.status === 'rejected' && outcome.reasons).toContainEqual(
      expect.objectContaining({ field, code }),
    );
  });

  it('maps a deal without a contact, taking the billing phone from the company', () => {
    const outcome = expectOk(clientOnboarding.map(crmPayload({ contact: null })));
    expect(outcome.canonical.contact).toBeNull();
    expect(outcome.targets['billing/customers']).toMatchObject({ phone: '+14155550100' });
    expect(outcome.targets['billing/customers']).not.toHaveProperty('email');
  });

  it('drops an unusable optional phone or email with a warning, never silently', () => {
    const outcome = expectOk(
      clientOnboarding.map(crmPayload({ contact: { phone: '12', email: 'ann at example' } })),
    );
    expect(outcome.targets['billing/customers']).toMatchObject({ phone: '+14155550100' });
    expect(outcome.targets['billing/customers']).not.toHaveProperty('email');
    expect(outcome.warnings.map((w) => `${w.field}:${w.code}`)).toEqual(
      expect.arrayContaining(['contact.phone:invalid_phone', 'contact.email:invalid_email']),
    );
  });

  it('converts JPY and KWD with their own minor units', () => {
    const jpy = expectOk(clientOnboarding.map(crmPayload({ deal: { currency: 'JPY', amount: '¥1,000' } })));
    expect(jpy.targets['project-tool/projects']).toMatchObject({ budget_cents: 1000, currency: 'JPY' });
    const kwd = expectOk(
      clientOnboarding.map(crmPayload({ deal: { currency: 'KWD', amount: '1,234.567' } })),
    );
    expect(kwd.targets['project-tool/projects']).toMatchObject({ budget_cents: 1_234_567, currency: 'KWD' });
  });

  it('reports source fields no mapping uses', () => {
    const payload = { ...crmPayload({ company: { industry: 'Widgets' } }), pipeline: { id: 'p1' } };
    expect(expectOk(clientOnboarding.map(payload)).unmappedSourceFields).toEqual([
      'company.industry',
      'pipeline',
    ]);
  });

  it('falls back to the won date for kickoff when the close date is unreadable, with a warning', () => {
    const outcome = expectOk(clientOnboarding.map(crmPayload({ deal: { closeDate: '11/30/2026' } })));
    expect(outcome.targets['project-tool/projects']).toMatchObject({ kickoff_date: '2026-11-26' });
    expect(outcome.warnings).toContainEqual(
      expect.objectContaining({ field: 'deal.closeDate', code: 'invalid_date' }),
    );
  });

  it('rejects junk at the top level with a reason instead of throwing', () => {
    for (const junk of [null, undefined, 42, 'deal', [], [crmPayload()], { deal: 'x', company: [] }]) {
      const outcome = clientOnboarding.map(junk);
      expect(outcome.status).toBe('rejected');
      expect(outcome.status === 'rejected' && outcome.reasons.length).toBeGreaterThan(0);
    }
  });

  it('is deterministic', () => {
    const payload = crmPayload({ company: { name: 'Ac\u200bme 👩\u200d💻'.repeat(10) } });
    expect(clientOnboarding.map(payload)).toEqual(clientOnboarding.map(structuredClone(payload)));
  });

  it('explains a won date without an offset as such when it is the kickoff date’s only source', () => {
    const outcome = expectOk(
      clientOnboarding.map(crmPayload({ deal: { closeDate: null, wonAt: '2026-11-26T14:00:00' } })),
    );
    const kickoffWarnings = outcome.warnings.filter((warning) =>
      warning.reason.includes('project.kickoffDate'),
    );
    expect(kickoffWarnings).toEqual([
      expect.objectContaining({
        field: 'deal.wonAt',
        code: 'invalid_date',
        reason: expect.stringContaining('has no UTC offset') as unknown,
      }),
    ]);
  });

  it.each(['', '   ', '\u200b'])('warns that a blank amount %j is read as no budget', (amount) => {
    const outcome = expectOk(clientOnboarding.map(crmPayload({ deal: { amount } })));
    expect(outcome.targets['project-tool/projects']).not.toHaveProperty('budget_cents');
    expect(outcome.warnings).toContainEqual(
      expect.objectContaining({ field: 'deal.amount', code: 'amount_blank' }),
    );
  });

  it('stays silent for an amount that is absent or null: that is how “no budget” is said', () => {
    expect(expectOk(clientOnboarding.map(crmPayload({ deal: { amount: null } }))).warnings).toEqual([]);
    expect(expectOk(clientOnboarding.map(crmPayload({ deal: { amount: undefined } }))).warnings).toEqual([]);
  });

  it('rejects a name whose first character alone is too long to shorten, instead of sending “…”', () => {
    const zalgo = `Z${'\u0301'.repeat(100)}algo`;
    const outcome = clientOnboarding.map(crmPayload({ company: { name: zalgo } }));
    expect(outcome).toMatchObject({
      status: 'rejected',
      reasons: [expect.objectContaining({ field: 'company.name', code: 'too_long' })],
    });
  });
});
