import { describe, expect, it } from 'vitest';
import { chaosDeals } from '../../chaos/chaos-deals';
import { auditTargets } from '../../chaos/target-audit';
import { SeededRandom } from '../../fuzz/seeded-random';

/** Target state as the sandboxes would hold it if every write of every deal landed once, as intended. */
function perfectState(deals: ReturnType<typeof chaosDeals>) {
  const byTarget = new Map<string, Map<string, Record<string, unknown>[]>>();
  for (const deal of deals) {
    for (const [target, record] of Object.entries(deal.expected)) {
      const byDeal = byTarget.get(target) ?? new Map<string, Record<string, unknown>[]>();
      byDeal.set(deal.dealId, [{ id: `${target}-${deal.dealId}`, ...structuredClone(record) }]);
      byTarget.set(target, byDeal);
    }
  }
  return byTarget;
}

describe('chaos audit of the targets', () => {
  const deals = chaosDeals(6, 'audit', new SeededRandom(1));

  it('generates varied deals the integration accepts, each with a record for all three targets', () => {
    expect(new Set(deals.map((deal) => deal.dealId)).size).toBe(6);
    for (const deal of deals) {
      expect(Object.keys(deal.expected).sort()).toEqual([
        'accounting/contacts',
        'billing/customers',
        'project-tool/projects',
      ]);
    }
    expect(new Set(deals.map((deal) => deal.expected['billing/customers']!.name)).size).toBe(6);
  });

  it('passes a state holding exactly the intended records', () => {
    expect(auditTargets(deals, perfectState(deals))).toEqual({ landed: 6, problems: [], strangers: 0 });
  });

  it('finds a lost, a duplicated and a mis-written record, field by field', () => {
    const state = perfectState(deals);
    state.get('billing/customers')!.delete(deals[0]!.dealId);
    const project = state.get('project-tool/projects')!.get(deals[1]!.dealId)!;
    project.push({ ...project[0]!, id: 'second' });
    const contact = state.get('accounting/contacts')!.get(deals[2]!.dealId)![0]!;
    contact.Name = `${String(contact.Name)}x`;
    const metadata = state.get('billing/customers')!.get(deals[3]!.dealId)![0]!.metadata as Record<
      string,
      string
    >;
    metadata.crm_contact_id = 'ct_someone_else';

    const audit = auditTargets(deals, state);
    expect(audit.landed).toBe(2);
    expect(audit.problems).toEqual([
      { dealId: deals[0]!.dealId, target: 'billing/customers', kind: 'lost', detail: 'no record' },
      expect.objectContaining({
        dealId: deals[1]!.dealId,
        target: 'project-tool/projects',
        kind: 'duplicated',
      }),
      expect.objectContaining({
        dealId: deals[2]!.dealId,
        target: 'accounting/contacts',
        kind: 'mis-written',
        detail: expect.stringMatching(/^Name: expected ".*", stored ".*x"$/),
      }),
      expect.objectContaining({
        dealId: deals[3]!.dealId,
        kind: 'mis-written',
        detail: expect.stringMatching(/^metadata:/),
      }),
    ]);
  });

  it('counts records that belong to no deal of the run', () => {
    const state = perfectState(deals);
    state.get('project-tool/projects')!.set('deal_seed01', [{ id: 'seeded' }]);
    expect(auditTargets(deals, state).strangers).toBe(1);
  });
});
