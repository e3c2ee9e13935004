import { describe, expect, it } from 'vitest';
import type { AnomalyDeclaration } from '../../src/anomaly/anomaly-declaration';
import { emptyBaseline, maxSeenValues } from '../../src/anomaly/baseline-state';
import { baselineViewFor } from '../../src/anomaly/baseline-view';
import { learnRecord } from '../../src/anomaly/learn-record';
import { recordFeatures, type RecordFeatures } from '../../src/anomaly/record-features';
import { median, medianAbsoluteDeviation } from '../../src/anomaly/robust-statistics';
import { AnomalyKind, scoreRecord } from '../../src/anomaly/score-record';
import { dominantScript, normalizedCompanyName, normalizedDomain } from '../../src/anomaly/text-shape';
import { withAnomalyHold } from '../../src/approvals/anomaly-requirement';
import { loadEnvironment } from '../../src/config/environment';
import { integrations } from '../../src/integrations/registry';
import { clientOnboarding } from '../../src/integrations/client-onboarding';

const env = loadEnvironment({});
const declaration = clientOnboarding.anomalyChecks!(env)!;

function features(key: string, overrides: Partial<RecordFeatures> = {}): RecordFeatures {
  return {
    key,
    amount: { minor: 1_800_000, currency: 'USD' },
    categories: { currency: 'USD', country: 'US', 'owner domain': 'example.com' },
    texts: { 'company name': { length: 20, script: 'Latin' }, 'deal title': { length: 16, script: 'Latin' } },
    present: ['company domain', 'company phone', 'contact', 'contact email', 'contact phone', 'deal owner'],
    company: { name: `company ${key}`, domain: `${key}.example` },
    ...overrides,
  };
}

describe('robust statistics and text shape', () => {
  it('median and MAD ignore one extreme value', () => {
    expect(median([1, 2, 3, 4, 1000])).toBe(3);
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 1000])).toBe(1);
    expect(median([])).toBeNaN();
  });

  it('reads the script a text is mostly written in', () => {
    expect(dominantScript('Acme Robotics GmbH')).toBe('Latin');
    expect(dominantScript('ООО Ромашка')).toBe('Cyrillic');
    expect(dominantScript('さくらシステム株式会社')).toBe('CJK');
    expect(dominantScript('1234 !!')).toBe('none');
  });

  it('compares company names without case, accents, punctuation or legal forms', () => {
    expect(normalizedCompanyName('Acme Robotics GmbH')).toBe('acme robotics');
    expect(normalizedCompanyName('ACME ROBOTICS')).toBe('acme robotics');
    expect(normalizedCompanyName('Summit Foods International S.L.')).toBe('summit foods international');
    expect(normalizedCompanyName('Société Générale S.A.')).toBe('societe generale');
    expect(normalizedCompanyName('GmbH')).toBeUndefined();
    expect(normalizedDomain('https://www.Acme.com/about')).toBe('acme.com');
  });

  it('keeps the owner email out of the features: only its domain', () => {
    const outcome = clientOnboarding.map({
      deal: {
        id: 'deal_1',
        title: 'Website relaunch',
        amount: '12,500.00',
        currency: 'usd',
        stage: 'won',
        ownerEmail: 'ann.lee@example.com',
        closeDate: '2026-11-30',
        wonAt: '2026-11-26T14:00:00.000Z',
        version: 1,
        updatedAt: '2026-11-26T14:00:05.000Z',
      },
      company: { id: 'co_1', name: 'Acme Inc.', country: 'US', domain: 'acme.com', phone: null },
      contact: { id: 'ct_1', firstName: 'Ann', lastName: 'Lee', email: 'ann@acme.com', phone: null },
    });
    if (outcome.status !== 'ok') throw new Error('fixture rejected');
    const learned = recordFeatures(declaration, 'deal_1', outcome.canonical);
    expect(JSON.stringify(learned)).not.toContain('ann');
    expect(learned.categories['owner domain']).toBe('example.com');
    expect(learned.present).not.toContain('company phone');
    expect(learned.amount).toEqual({ minor: 1_250_000, currency: 'USD' });
  });
});

describe('the baseline', () => {
  it('stays bounded: window, ever-seen values and the duplicate index are capped', () => {
    const small: AnomalyDeclaration = { ...declaration, windowRecords: 50, duplicateIndexSize: 30 };
    const state = emptyBaseline();
    for (let index = 0; index < maxSeenValues + 200; index += 1) {
      learnRecord(
        state,
        features(`deal_${index}`, {
          categories: { currency: 'USD', country: `C${index}`, 'owner domain': 'example.com' },
        }),
        small,
      );
    }
    expect(state.window).toHaveLength(50);
    expect(state.companies).toHaveLength(30);
    expect(state.seen.country).toHaveLength(maxSeenValues);
    expect(state.observed).toBe(maxSeenValues + 200);
  });

  it('counts a record observed twice once, and never calls it a duplicate of itself', () => {
    const state = emptyBaseline();
    learnRecord(state, features('deal_a'), declaration);
    learnRecord(state, features('deal_a'), declaration);
    expect(state.observed).toBe(1);
    expect(state.window).toHaveLength(1);
    expect(baselineViewFor(state, features('deal_a'), declaration).duplicates).toEqual([]);
    expect(
      baselineViewFor(state, features('deal_b', { company: { name: 'company deal_a' } }), declaration)
        .duplicates,
    ).toEqual([{ by: 'name', key: 'deal_a' }]);
  });
});

describe('scores', () => {
  function learned(count: number) {
    const state = emptyBaseline();
    for (let index = 0; index < count; index += 1) {
      learnRecord(
        state,
        features(`deal_${index}`, { amount: { minor: 1_500_000 + (index % 7) * 100_000, currency: 'USD' } }),
        declaration,
      );
    }
    return state;
  }

  it('never holds during the cold start, and gives no reasons then', () => {
    const state = learned(declaration.coldStartRecords - 1);
    const odd = features('deal_odd', {
      categories: { currency: 'USD', country: 'KZ', 'owner domain': 'example.com' },
    });
    const assessment = scoreRecord(odd, baselineViewFor(state, odd, declaration), declaration);
    expect(assessment).toMatchObject({ coldStart: true, held: false, reasons: [], score: 0 });
  });

  it('is the same for the same snapshot (what replay relies on)', () => {
    const state = learned(300);
    const odd = features('deal_odd', { amount: { minor: 40_000_000, currency: 'USD' } });
    const view = JSON.parse(JSON.stringify(baselineViewFor(state, odd, declaration)));
    const first = scoreRecord(odd, view, declaration);
    expect(scoreRecord(odd, view, declaration)).toEqual(first);
    expect(first.held).toBe(true);
    expect(first.reasons[0]).toMatchObject({
      kind: AnomalyKind.amount,
      text: 'amount 400,000.00 USD is 22× the median USD deal (18,000.00 USD)',
    });
  });

  it('warns, without holding, on a single weak reason', () => {
    const state = learned(300);
    const missing = features('deal_nophone', {
      present: ['company domain', 'contact', 'contact email', 'contact phone', 'deal owner'],
    });
    const assessment = scoreRecord(missing, baselineViewFor(state, missing, declaration), declaration);
    expect(assessment.held).toBe(false);
    expect(assessment.reasons).toEqual([
      {
        kind: AnomalyKind.missingField,
        field: 'company phone',
        weight: 0.3,
        text: 'company phone is missing (present in 100 % of the last 300 records)',
      },
    ]);
  });
});

describe('population drift', () => {
  it('raises one alert per field when a source stops sending it, not one per record, and re-arms once it settles', () => {
    const state = emptyBaseline();
    const drifted: string[] = [];
    const all = [
      'company domain',
      'company phone',
      'contact',
      'contact email',
      'contact phone',
      'deal owner',
    ];
    let key = 0;
    const feed = (count: number, present: string[]) => {
      for (let index = 0; index < count; index += 1) {
        drifted.push(
          ...learnRecord(state, features(`deal_${(key += 1)}`, { present }), declaration).map(
            (drift) => `${drift.field}: ${drift.text}`,
          ),
        );
      }
    };
    feed(600, all);
    expect(drifted).toEqual([]);
    feed(
      400,
      all.filter((field) => field !== 'company phone'),
    );
    expect(drifted).toHaveLength(1);
    expect(drifted[0]).toMatch(
      /^company phone: company phone is present in \d+ % of the latest 200 records, against \d+ % of the \d+ before$/,
    );
    expect(state.driftAlerted).toEqual(['company phone']);
    feed(
      1_000,
      all.filter((field) => field !== 'company phone'),
    );
    expect(state.driftAlerted).toEqual([]); // the new normal settled: a later change alerts again
    expect(drifted).toHaveLength(1);
  });

  it('raises one alert when a currency suddenly dominates', () => {
    const state = emptyBaseline();
    const drifted: string[] = [];
    for (let index = 0; index < 1_000; index += 1) {
      const currency = index < 700 ? (['USD', 'EUR', 'GBP'][index % 3] as string) : 'CHF';
      const drifts = learnRecord(
        state,
        features(`deal_${index}`, { categories: { currency, country: 'US', 'owner domain': 'example.com' } }),
        declaration,
      );
      drifted.push(...drifts.map((drift) => drift.field));
    }
    expect(drifted).toEqual(['currency']);
  });
});

describe('declarations', () => {
  it('every integration that declares predictive checks declares an approval route for held records', () => {
    const declaring = integrations.filter((integration) => integration.anomalyChecks?.(env));
    expect(declaring.map((integration) => integration.name)).toContain('client-onboarding');
    for (const integration of declaring)
      expect(integration.approval?.policies(env).length).toBeGreaterThan(0);
  });

  it('a held record takes the route of the first policy, or adds its reasons to a policy that applies', () => {
    const policies = clientOnboarding.approval!.policies(env);
    const hold = { score: 1.4, threshold: 1, reasons: ['first client from KZ'] };
    const alone = withAnomalyHold(undefined, policies, { deal: { ownerEmail: 'Ann@Example.com' } }, hold);
    expect(alone).toMatchObject({
      policy: 'anomaly-check',
      reasons: ['Unusual: first client from KZ'],
      ownerEmail: 'ann@example.com',
      stages: [{ group: 'sales-leads' }, { group: 'finance' }],
    });
    const both = withAnomalyHold(
      { ...alone!, policy: 'client-onboarding-review', reasons: ['Deal amount is high'] },
      policies,
      {},
      hold,
    );
    expect(both?.reasons).toEqual(['Deal amount is high', 'Unusual: first client from KZ']);
    expect(withAnomalyHold(undefined, [], {}, hold)).toBeUndefined();
  });

  it('ANOMALY_CHECKS=off turns them off; a threshold that is not a positive number is refused by name', () => {
    expect(clientOnboarding.anomalyChecks!(loadEnvironment({ ANOMALY_CHECKS: 'off' }))).toBeUndefined();
    expect(() => loadEnvironment({ ANOMALY_HOLD_THRESHOLD: '-1' })).toThrow(/ANOMALY_HOLD_THRESHOLD/);
  });
});
