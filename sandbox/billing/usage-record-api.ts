import express, { type Router } from 'express';
import type { DocumentCollection } from '../kit/document-collection';
import { FaultKind, writeFaultKinds } from '../kit/faults/fault-kinds';
import type { FaultRegistry } from '../kit/faults/fault-registry';
import { readIdempotencyKey } from '../kit/idempotent-creates';
import { opaqueId } from '../kit/opaque-id';
import { fieldIssues } from '../kit/validation-issues';
import type { AccessTokens } from './access-tokens';
import { bearerAuth } from './bearer-auth';
import { sendBillingError, sendBillingValidationError } from './billing-errors';
import type { Customer } from './customer-input';
import {
  createUsageBatchInput,
  listUsageRecordsQuery,
  usageRecordPageLimit,
  type UsageRecord,
  type UsageRecordResult,
} from './usage-record-input';
import { jsonFingerprint, type UsageRecordStore } from './usage-record-store';

export interface UsageRecordApiOptions {
  tokens: AccessTokens;
  customers: DocumentCollection<Customer>;
  usageRecords: UsageRecordStore;
  faults: FaultRegistry;
}

/**
 * `/v1/usage_records`: metered usage per customer, written in batches and read back by date range. Customers are
 * named by `customer_external_id`, the link client-onboarding made when it created them.
 */
export function usageRecordApiRouter(options: UsageRecordApiOptions): Router {
  const router = express.Router();
  router.use('/v1/usage_records', bearerAuth(options.tokens));

  router.post('/v1/usage_records/batch', (req, res) => {
    const idempotency = readIdempotencyKey(req.get('idempotency-key'));
    if (!idempotency.ok) {
      sendBillingError(res, 400, 'invalid_idempotency_key', idempotency.message);
      return;
    }
    const body: unknown = req.body;
    const batchFingerprint = jsonFingerprint(body ?? null);
    if (idempotency.key !== undefined) {
      const replay = options.usageRecords.batchReplay(idempotency.key);
      if (replay && replay.fingerprint !== batchFingerprint) {
        sendBillingError(
          res,
          409,
          'idempotency_key_reused',
          'This Idempotency-Key was already used with different parameters',
        );
        return;
      }
      if (replay) {
        res.status(200).json(replay.response);
        return;
      }
    }
    const parsed = createUsageBatchInput.safeParse(body ?? {});
    if (!parsed.success) {
      sendBillingValidationError(res, parsed.error);
      return;
    }

    const createdAt = new Date().toISOString();
    const results: UsageRecordResult[] = [];
    const toStore: { record: UsageRecord; fingerprint: string; resultIndex: number }[] = [];
    const keysInBatch = new Set<string>();
    const replacedInBatch = new Set<string>();
    parsed.data.records.forEach((input, index) => {
      const fingerprint = jsonFingerprint(input);
      if (input.idempotency_key !== undefined) {
        const earlier = options.usageRecords.byIdempotencyKey(input.idempotency_key);
        if (earlier || keysInBatch.has(input.idempotency_key)) {
          if (earlier && earlier.fingerprint === fingerprint) {
            results.push({ index, status: 'duplicate', usage_record: earlier.record });
          } else {
            results.push({
              index,
              status: 'rejected',
              error: {
                code: 'idempotency_key_reused',
                message: 'This idempotency_key was already used with different parameters',
              },
            });
          }
          return;
        }
        keysInBatch.add(input.idempotency_key);
      }
      const [customer] = options.customers.findBy('external_id', input.customer_external_id);
      if (!customer) {
        results.push({
          index,
          status: 'rejected',
          error: {
            code: 'customer_not_found',
            message: `No customer with external_id ${input.customer_external_id}`,
          },
        });
        return;
      }
      if (input.supersedes !== undefined) {
        const replaced = options.usageRecords.current(input.supersedes);
        const problem = !replaced
          ? `No current usage record ${input.supersedes} (unknown, or already replaced)`
          : replaced.customer_external_id !== input.customer_external_id ||
              replaced.usage_date !== input.usage_date
            ? `Usage record ${input.supersedes} is for another customer or day`
            : undefined;
        if (problem || replacedInBatch.has(input.supersedes)) {
          results.push({
            index,
            status: 'rejected',
            error: { code: 'invalid_supersedes', message: problem ?? 'Replaced twice in one batch' },
          });
          return;
        }
        replacedInBatch.add(input.supersedes);
      }
      const record: UsageRecord = {
        id: opaqueId('ur'),
        customer_id: customer.id,
        customer_external_id: input.customer_external_id,
        usage_date: input.usage_date,
        quantity: input.quantity,
        unit: input.unit,
        idempotency_key: input.idempotency_key ?? null,
        ...(input.supersedes === undefined ? {} : { supersedes: input.supersedes }),
        created_at: createdAt,
      };
      toStore.push({ record, fingerprint, resultIndex: results.length });
      results.push({ index, status: 'created', usage_record: record });
    });

    // One write fault per batch, on its last new record: answered as created, stored as nothing or as another value.
    const fault =
      toStore.length > 0
        ? options.faults.takeFirst(writeFaultKinds, { method: req.method, path: req.baseUrl + req.path })
        : undefined;
    const victim = toStore.at(-1);
    const stored = toStore
      .filter((entry) => !(fault?.kind === FaultKind.dropWrite && entry === victim))
      .map((entry) =>
        fault?.kind === FaultKind.alterWrite && entry === victim
          ? { ...entry, record: { ...entry.record, quantity: entry.record.quantity + 1 } }
          : entry,
      );
    const response = { success: true, results };
    options.usageRecords.insertBatch(
      stored,
      idempotency.key === undefined
        ? undefined
        : { key: idempotency.key, fingerprint: batchFingerprint, response },
    );
    res.status(200).json(response);
  });

  router.get('/v1/usage_records', (req, res) => {
    const repeated = Object.entries(req.query).find(([, value]) => typeof value !== 'string');
    if (repeated) {
      sendBillingError(res, 400, 'invalid_request', `${repeated[0]} must be given once`);
      return;
    }
    const parsed = listUsageRecordsQuery.safeParse(req.query);
    if (!parsed.success) {
      const [issue] = fieldIssues(parsed.error);
      sendBillingError(
        res,
        400,
        'invalid_request',
        `${issue?.field ?? 'query'} ${issue?.message ?? 'is invalid'}`,
      );
      return;
    }
    const query = parsed.data;
    const page = options.usageRecords.page(
      { from: query.from, to: query.to, customerExternalId: query.customer_external_id },
      query.cursor === undefined ? 0 : Number(query.cursor),
      query.limit ?? usageRecordPageLimit.default,
    );
    res.json({
      success: true,
      usage_records: page.records,
      next_cursor: page.more && page.lastSeq !== undefined ? String(page.lastSeq) : null,
    });
  });

  return router;
}
