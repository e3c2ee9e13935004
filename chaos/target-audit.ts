import { isDeepStrictEqual } from 'node:util';
import type { ChaosDeal } from './chaos-deals';

/** Where client onboarding's records live in each sandbox's state, and the field that carries the deal ID. */
export const auditedTargets = [
  { target: 'project-tool/projects', system: 'projectTool', collection: 'projects', keyField: 'external_id' },
  { target: 'billing/customers', system: 'billing', collection: 'customers', keyField: 'external_id' },
  { target: 'accounting/contacts', system: 'accounting', collection: 'contacts', keyField: 'ExternalRef' },
] as const;

export type AuditedSystem = (typeof auditedTargets)[number]['system'];

/** One deal's problem at one target. */
export interface TargetProblem {
  dealId: string;
  target: string;
  kind: 'lost' | 'duplicated' | 'mis-written';
  detail: string;
}

export interface TargetAudit {
  /** Deals with exactly one correct record at every target. */
  landed: number;
  problems: TargetProblem[];
  /** Records at a target that belong to no deal of the run. */
  strangers: number;
}

type StoredRecord = Record<string, unknown>;

/** Every record of every audited target, by target, then by deal ID. */
export async function readTargets(
  urls: Record<AuditedSystem, string>,
): Promise<Map<string, Map<string, StoredRecord[]>>> {
  const byTarget = new Map<string, Map<string, StoredRecord[]>>();
  for (const { target, system, collection, keyField } of auditedTargets) {
    const response = await fetch(`${urls[system]}/__sandbox/state`);
    if (!response.ok) throw new Error(`${target}: /__sandbox/state answered ${response.status}`);
    const state = (await response.json()) as Record<string, StoredRecord[]>;
    const byDeal = new Map<string, StoredRecord[]>();
    for (const record of state[collection] ?? []) {
      const key = String(record[keyField]);
      byDeal.set(key, [...(byDeal.get(key) ?? []), record]);
    }
    byTarget.set(target, byDeal);
  }
  return byTarget;
}

/** How many deals have at least one record at every target (progress only; the audit judges). */
export function countLanded(
  deals: readonly ChaosDeal[],
  byTarget: Map<string, Map<string, StoredRecord[]>>,
): number {
  return deals.filter((deal) =>
    auditedTargets.every(({ target }) => (byTarget.get(target)?.get(deal.dealId)?.length ?? 0) > 0),
  ).length;
}

/**
 * Checks every deal at every target: exactly one record, and every field the mapping intends equal to the stored
 * value (nested values compared whole). A missing record is lost, two are a duplicate, a differing field is
 * mis-written.
 */
export function auditTargets(
  deals: readonly ChaosDeal[],
  byTarget: Map<string, Map<string, StoredRecord[]>>,
): TargetAudit {
  const problems: TargetProblem[] = [];
  let landed = 0;
  for (const deal of deals) {
    let dealIsRight = true;
    for (const { target } of auditedTargets) {
      const stored = byTarget.get(target)?.get(deal.dealId) ?? [];
      const expected = deal.expected[target];
      if (!expected) throw new Error(`the mapping produced nothing for ${target}: the audit list is stale`);
      if (stored.length === 0) {
        problems.push({ dealId: deal.dealId, target, kind: 'lost', detail: 'no record' });
        dealIsRight = false;
        continue;
      }
      if (stored.length > 1) {
        problems.push({
          dealId: deal.dealId,
          target,
          kind: 'duplicated',
          detail: `${stored.length} records: ${stored.map((record) => String(record.id ?? record.ContactID)).join(', ')}`,
        });
        dealIsRight = false;
      }
      for (const record of stored) {
        const wrong = Object.entries(expected).filter(
          ([field, value]) => !isDeepStrictEqual(record[field], value),
        );
        if (wrong.length === 0) continue;
        problems.push({
          dealId: deal.dealId,
          target,
          kind: 'mis-written',
          detail: wrong
            .map(
              ([field, value]) =>
                `${field}: expected ${JSON.stringify(value)}, stored ${JSON.stringify(record[field])}`,
            )
            .join('; '),
        });
        dealIsRight = false;
      }
    }
    if (dealIsRight) landed += 1;
  }
  const dealIds = new Set(deals.map((deal) => deal.dealId));
  let strangers = 0;
  for (const byDeal of byTarget.values()) {
    for (const [key, records] of byDeal) if (!dealIds.has(key)) strangers += records.length;
  }
  return { landed, problems, strangers };
}
