import type { DestinationRow } from './batch-integration';

/**
 * How mapped bodies fold into destination rows, declared rather than coded so the workflow can merge the rows of
 * successive pages itself (this file is pure and safe in the workflow sandbox).
 */
export interface RowAggregation {
  /** Body fields that identify a row; together they form its key (`deal_123:2026-11-26`). */
  keyFields: readonly string[];
  /** Integer fields added up when bodies share a key; every other field must be equal. */
  sumFields: readonly string[];
}

/** A row's key: its key fields' values joined by `:`. */
export function rowKeyOf(aggregation: RowAggregation, body: Record<string, unknown>): string {
  return aggregation.keyFields.map((field) => String(body[field])).join(':');
}

/** Thrown when two bodies of one row disagree on a field that is not summed: a mapping bug, never data. */
export class RowAggregationError extends Error {
  override readonly name = 'RowAggregationError';
}

/** Combines two bodies of the same row. Sums stay exact integers: a fractional or unsafe sum is an error. */
export function combineBodies(
  aggregation: RowAggregation,
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): Record<string, unknown> {
  const combined: Record<string, unknown> = { ...a };
  for (const [field, value] of Object.entries(b)) {
    if (aggregation.sumFields.includes(field)) {
      const sum = Number(a[field] ?? 0) + Number(value);
      if (!Number.isSafeInteger(sum))
        throw new RowAggregationError(`${field} sum ${sum} is not a safe integer`);
      combined[field] = sum;
    } else if (a[field] !== value) {
      throw new RowAggregationError(`rows with key ${rowKeyOf(aggregation, a)} disagree on ${field}`);
    }
  }
  return combined;
}

/** Adds rows into `rows` (by key), combining rows that share a key. */
export function mergeRows(
  aggregation: RowAggregation,
  rows: Map<string, Record<string, unknown>>,
  added: readonly DestinationRow[],
): void {
  for (const row of added) {
    const existing = rows.get(row.key);
    rows.set(row.key, existing ? combineBodies(aggregation, existing, row.body) : row.body);
  }
}

/** Rows in key order: batches are then the same on every attempt and every replay. */
export function sortedRows(rows: Map<string, Record<string, unknown>>): DestinationRow[] {
  return [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, body]) => ({ key, body }));
}
