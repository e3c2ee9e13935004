import type { CallOptions, DestinationRow, Page, RowWriteOutcome } from '../../batch/batch-integration';
import type { SyncWindow } from '../../batch/sync-window';
import { FailureClass, TargetFailure } from '../kit/target-failure';
import type { BillingClient } from './billing-client';
import { createHash } from 'node:crypto';

interface UsageRecordResult {
  index?: unknown;
  status?: unknown;
  error?: { code?: unknown; message?: unknown };
}

/**
 * Billing's usage records through the billing client: written with `POST /v1/usage_records/batch` (each record
 * with its own idempotency key), read back with `GET /v1/usage_records` in cursor pages.
 */
export function createUsageRecords(client: BillingClient) {
  /** The records billing currently holds for the rows' days, by row key. */
  async function currentRecords(
    rows: DestinationRow[],
    options: CallOptions,
    keyOf: (record: Record<string, unknown>) => string,
  ): Promise<Map<string, HeldRecord>> {
    const wanted = new Set(rows.map((row) => row.key));
    const days = rows.map((row) => String(row.body.usage_date)).sort();
    const held = new Map<string, HeldRecord>();
    if (days.length === 0) return held;
    let cursor: string | null = null;
    do {
      const page = await usageRecords.readPage({ from: days[0]!, to: days.at(-1)! }, cursor, 1000, options);
      for (const record of page.items) {
        const key = keyOf(record);
        if (wanted.has(key)) {
          held.set(key, { id: String(record.id), quantity: record.quantity, unit: record.unit });
        }
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
    return held;
  }

  const usageRecords = {
    /**
     * Writes rows by billing's rules for usage: a row billing does not hold yet is created (idempotency key
     * `<prefix>:<row key>`); a row it holds with the same quantity is a duplicate and not sent; a row it holds
     * with another quantity (a past day re-run after late bookings) is corrected by replacement — a new record
     * that `supersedes` the current one, with a new idempotency key per revision. `keyOf` gives a stored record's
     * row key, so rows and records meet.
     */
    async writeRows(
      rows: DestinationRow[],
      batchKey: string,
      keyPrefix: string,
      options: CallOptions,
      keyOf: (record: Record<string, unknown>) => string,
    ): Promise<RowWriteOutcome[]> {
      const held = await currentRecords(rows, options, keyOf);
      const outcomes = new Map<string, RowWriteOutcome>();
      const toSend: { row: DestinationRow; record: Record<string, unknown>; replaces?: HeldRecord }[] = [];
      for (const row of rows) {
        const current = held.get(row.key);
        if (current && current.quantity === row.body.quantity && current.unit === row.body.unit) {
          outcomes.set(row.key, { key: row.key, status: 'duplicate' });
        } else if (current) {
          toSend.push({
            row,
            replaces: current,
            record: {
              ...row.body,
              idempotency_key: `${keyPrefix}:${row.key}:${current.id}:q${String(row.body.quantity)}`,
              supersedes: current.id,
            },
          });
        } else {
          toSend.push({ row, record: { ...row.body, idempotency_key: `${keyPrefix}:${row.key}` } });
        }
      }
      if (toSend.length > 0) {
        const records = toSend.map((entry) => entry.record);
        const body = await client.body(
          {
            method: 'POST',
            path: '/v1/usage_records/batch',
            // What is sent depends on what billing already holds, so the batch key names the content too.
            headers: { 'idempotency-key': `${batchKey}:${contentTag(records)}` },
            body: { records },
            signal: options.signal,
          },
          'write usage records',
        );
        const results = body.results;
        if (!Array.isArray(results) || results.length !== toSend.length) {
          throw new TargetFailure(
            FailureClass.unexpectedResponse,
            'write usage records: the answer does not have one result per record',
          );
        }
        toSend.forEach(({ row, replaces }, index) => {
          const result = (results as UsageRecordResult[])[index];
          if (result?.status === 'created' || result?.status === 'duplicate') {
            outcomes.set(
              row.key,
              replaces
                ? {
                    key: row.key,
                    status: 'corrected',
                    correction: {
                      before: { quantity: replaces.quantity, unit: replaces.unit, id: replaces.id },
                      after: { quantity: row.body.quantity, unit: row.body.unit },
                    },
                  }
                : { key: row.key, status: result.status },
            );
            return;
          }
          outcomes.set(row.key, {
            key: row.key,
            status: 'refused',
            reason: `${String(result?.error?.code ?? 'unknown')}: ${String(result?.error?.message ?? 'no reason given')}`,
          });
        });
      }
      return rows.map((row) => outcomes.get(row.key)!);
    },

    async readPage(
      window: SyncWindow,
      cursor: string | null,
      limit: number,
      options: CallOptions,
    ): Promise<Page<Record<string, unknown>>> {
      const query = new URLSearchParams({
        from: window.from,
        to: window.to,
        limit: String(limit),
        ...(cursor === null ? {} : { cursor }),
      });
      const body = await client.body(
        { method: 'GET', path: `/v1/usage_records?${query}`, signal: options.signal },
        'read usage records',
      );
      const records = body.usage_records;
      const nextCursor = body.next_cursor;
      if (!Array.isArray(records) || (nextCursor !== null && typeof nextCursor !== 'string')) {
        throw new TargetFailure(
          FailureClass.unexpectedResponse,
          'read usage records: the answer lacks usage_records or next_cursor',
        );
      }
      return { items: records as Record<string, unknown>[], nextCursor };
    },
  };
  return usageRecords;
}

export type UsageRecords = ReturnType<typeof createUsageRecords>;

interface HeldRecord {
  id: string;
  quantity: unknown;
  unit: unknown;
}

/** Short, stable tag of a list of records (order-sensitive: the rows are sorted by key). */
function contentTag(records: Record<string, unknown>[]): string {
  return createHash('sha256').update(JSON.stringify(records)).digest('hex').slice(0, 16);
}
