import type { CallOptions, DestinationRow, Page, RowWriteOutcome } from '../../batch/batch-integration';
import type { SyncWindow } from '../../batch/sync-window';
import { FailureClass, TargetFailure } from '../kit/target-failure';
import type { BillingClient } from './billing-client';

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
  return {
    /** Writes rows; `keyPrefix` (the integration's name) prefixes every record's idempotency key. */
    async writeRows(
      rows: DestinationRow[],
      batchKey: string,
      keyPrefix: string,
      options: CallOptions,
    ): Promise<RowWriteOutcome[]> {
      const body = await client.body(
        {
          method: 'POST',
          path: '/v1/usage_records/batch',
          headers: { 'idempotency-key': batchKey },
          body: {
            records: rows.map((row) => ({ ...row.body, idempotency_key: `${keyPrefix}:${row.key}` })),
          },
          signal: options.signal,
        },
        'write usage records',
      );
      const results = body.results;
      if (!Array.isArray(results) || results.length !== rows.length) {
        throw new TargetFailure(
          FailureClass.unexpectedResponse,
          'write usage records: the answer does not have one result per record',
        );
      }
      return rows.map((row, index): RowWriteOutcome => {
        const result = (results as UsageRecordResult[])[index];
        if (result?.status === 'created' || result?.status === 'duplicate') {
          return { key: row.key, status: result.status };
        }
        return {
          key: row.key,
          status: 'refused',
          reason: `${String(result?.error?.code ?? 'unknown')}: ${String(result?.error?.message ?? 'no reason given')}`,
        };
      });
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
}

export type UsageRecords = ReturnType<typeof createUsageRecords>;
