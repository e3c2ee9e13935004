import { z } from 'zod';
import { isoDate, requiredText } from '../kit/field-rules';

/** Most records one batch may carry, as the vendor documents it. */
export const maxUsageRecordsPerBatch = 500;

export const usageUnits = ['minute'] as const;

const usageRecordInput = z.strictObject({
  customer_external_id: requiredText(255),
  usage_date: isoDate,
  quantity: z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .max(1_000_000_000, 'is too large'),
  unit: z.enum(usageUnits, { error: `must be one of ${usageUnits.join(', ')}` }),
  /** Deduplicates this one record across batches: a record with a stored key is never stored twice. */
  idempotency_key: z
    .string({ error: 'must be a string' })
    .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 printable ASCII characters')
    .optional(),
  /**
   * Corrections are replacements: the ID of the current record of the same customer and day this one replaces.
   * The replaced record stops counting (it is no longer listed) and keeps its ID for audit.
   */
  supersedes: z.string({ error: 'must be a usage record ID' }).min(1).optional(),
});
export type UsageRecordInput = z.infer<typeof usageRecordInput>;

/** Body of `POST /v1/usage_records/batch`. */
export const createUsageBatchInput = z.strictObject({
  records: z
    .array(usageRecordInput, { error: 'must be an array of usage records' })
    .min(1, 'must hold at least one record')
    .max(maxUsageRecordsPerBatch, `must hold at most ${maxUsageRecordsPerBatch} records`),
});

/** A usage record as the billing system stores and returns it. */
export interface UsageRecord {
  id: string;
  customer_id: string;
  customer_external_id: string;
  usage_date: string;
  quantity: number;
  unit: (typeof usageUnits)[number];
  idempotency_key: string | null;
  /** The record this one replaced (a correction), if any. */
  supersedes?: string | null;
  created_at: string;
}

/** One row of a batch response, in request order. */
export type UsageRecordResult =
  | { index: number; status: 'created' | 'duplicate'; usage_record: UsageRecord }
  | { index: number; status: 'rejected'; error: { code: string; message: string } };

export const usageRecordPageLimit = { default: 100, max: 1_000 } as const;

/** Query of `GET /v1/usage_records`. Dates are inclusive. */
export const listUsageRecordsQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  customer_external_id: z.string().min(1).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'is not a cursor this API issued')
    .optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(usageRecordPageLimit.max, `must be at most ${usageRecordPageLimit.max}`)
    .optional(),
});
