import type { BillingTokenSource } from '../../connectors/billing/billing-token-source';
import { failureForStatus } from '../../connectors/classify-http-status';
import { FailureClass, TargetFailure } from '../../connectors/target-failure';
import type { HttpExchangeResponse } from '../../connectors/http-exchange';
import type { Logger } from '../../logging/logger';
import type { CallOptions, DestinationRow, Page, RowWriteOutcome } from '../../batch/batch-integration';
import type { SyncWindow } from '../../batch/sync-window';
import { vendorRequest } from '../../batch/vendor-request';

export interface UsageDestinationSettings {
  baseUrl: string;
  timeoutMs: number;
  /** Prefix of every record's idempotency key: the integration name. */
  keyPrefix: string;
}

interface UsageRecordResult {
  index?: unknown;
  status?: unknown;
  error?: { code?: unknown; message?: unknown };
}

/** Billing's usage records: written with `POST /v1/usage_records/batch`, read back with `GET /v1/usage_records`. */
export function createUsageDestination(
  settings: UsageDestinationSettings,
  tokens: BillingTokenSource,
  logger?: Logger,
) {
  // A 401 may mean our cached token expired early: refresh once, then let it fail.
  const call = async (
    request: { method: 'GET' | 'POST'; path: string; json?: unknown; headers?: Record<string, string> },
    what: string,
    options: CallOptions,
  ): Promise<Record<string, unknown>> => {
    for (let attempt = 1; ; attempt += 1) {
      const response: HttpExchangeResponse = await vendorRequest(
        {
          method: request.method,
          url: new URL(request.path, settings.baseUrl).toString(),
          headers: { authorization: `Bearer ${await tokens.accessToken()}`, ...request.headers },
          json: request.json,
          timeoutMs: settings.timeoutMs,
          signal: options.signal,
        },
        logger,
      );
      const failure = failureForStatus(response, what);
      if (failure?.failureClass === FailureClass.credentials && response.status === 401 && attempt === 1) {
        tokens.invalidate();
        continue;
      }
      if (failure) throw failure;
      const body = response.json as Record<string, unknown> | undefined;
      if (body?.success !== true) {
        const error = (body?.error ?? {}) as { code?: unknown };
        // The billing vendor's quirk: validation and processing failures come back as HTTP 200.
        throw new TargetFailure(
          error.code === 'validation_error' ? FailureClass.rejected : FailureClass.errorInSuccessBody,
          `${what}: billing answered success=false (${String(error.code ?? 'no error code')})`,
          { status: response.status, responseBody: body?.error },
        );
      }
      return body;
    }
  };

  return {
    async writeRows(
      rows: DestinationRow[],
      batchKey: string,
      options: CallOptions,
    ): Promise<RowWriteOutcome[]> {
      const body = await call(
        {
          method: 'POST',
          path: '/v1/usage_records/batch',
          headers: { 'idempotency-key': batchKey },
          json: {
            records: rows.map((row) => ({
              ...row.body,
              idempotency_key: `${settings.keyPrefix}:${row.key}`,
            })),
          },
        },
        'write usage records',
        options,
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
      const body = await call(
        { method: 'GET', path: `/v1/usage_records?${query}` },
        'read usage records',
        options,
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
