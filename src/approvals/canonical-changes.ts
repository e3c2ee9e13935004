import type { ApprovalPolicy } from './approval-policy';

/** One canonical field whose value differs between two versions of a record, as approvers are shown it. */
export interface CanonicalChange {
  /** Dotted canonical path, e.g. `deal.amount`. */
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The fields that differ between two versions of a canonical record. Money and other small objects are
 * compared whole and reported at their own path (`deal.amount`, not `deal.amount.amountMinor`), so a reader
 * sees values, not fragments.
 */
export function canonicalChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  prefix = '',
): CanonicalChange[] {
  const changes: CanonicalChange[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const field = prefix ? `${prefix}.${key}` : key;
    const a = before[key];
    const b = after[key];
    if (isSection(a) && isSection(b) && !isLeafObject(a) && !isLeafObject(b)) {
      changes.push(...canonicalChanges(a, b, field));
    } else if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) {
      changes.push({ field, before: a ?? null, after: b ?? null });
    }
  }
  return changes;
}

/** The canonical fields an approval policy's conditions read: a change to one of them asks again. */
export function guardedFields(policies: readonly ApprovalPolicy[]): string[] {
  return [
    ...new Set(
      policies.flatMap((policy) =>
        policy.requireWhen.flatMap((condition) => ('field' in condition ? [condition.field] : [])),
      ),
    ),
  ];
}

function isSection(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value object such as money `{amountMinor, currency}`: compared and shown whole. */
function isLeafObject(value: Record<string, unknown>): boolean {
  return 'amountMinor' in value;
}
