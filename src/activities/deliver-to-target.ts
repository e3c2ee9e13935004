import type { TargetRecord, TargetResource } from '../systems/kit/target-resource';
import { FailureClass, TargetFailure } from '../systems/kit/target-failure';
import type { TargetKey } from '../integrations/integration';
import type { Logger } from '../logging/logger';
import { compareWrittenRecord, type FieldMismatch } from '../verification/compare-written-record';

export interface DeliverToTargetInput {
  integration: string;
  /** The target resource, `<system>/<resource>`. */
  target: TargetKey;
  /** The target's body, already mapped and validated. */
  body: Record<string, unknown>;
  /** The source record ID, which the target stores in its link field (`external_id`, `externalId`, …). */
  externalId: string;
  /** Derived from the workflow ID, target, event and redrive round: a retried attempt never creates twice. */
  idempotencyKey: string;
  workflowId: string;
  /**
   * Set when an operator redrives a destination mismatch: a record the target already holds with other values
   * is overwritten with the intended ones (and verified again). Never set on a first attempt, so a vendor that
   * alters data is always reported before anything is repaired.
   */
  repairMismatch: boolean;
  /** Read the record back and compare it after writing (VERIFY_WRITES). */
  verify: boolean;
}

export interface DeliverToTargetResult {
  targetId: string;
  /** False when the target already held the record (nothing was created). */
  created: boolean;
  /** True when an existing record was overwritten to repair a mismatch. */
  repaired: boolean;
}

/**
 * Writes one record to one target resource at most once, then proves it landed: a record already carrying this
 * external ID is reused (it survives a closed dedup window or an earlier event), the create itself is idempotent
 * by key, and the result is read back and compared field by field with what was intended. A repair overwrites
 * only the fields the integration owns on the target (`owns`).
 */
export async function deliverToTarget(
  resource: TargetResource,
  input: DeliverToTargetInput,
  logger: Logger,
  owns?: readonly string[],
): Promise<DeliverToTargetResult> {
  const existing = await resource.findByExternalId(input.externalId);
  if (existing) {
    const mismatches = input.verify ? compareWrittenRecord(input.body, existing.fields) : [];
    if (mismatches.length === 0) {
      logger.info({ targetId: existing.id }, 'target already holds this record; nothing created');
      return { targetId: existing.id, created: false, repaired: false };
    }
    if (!input.repairMismatch) throw mismatchFailure(input.target, existing.id, mismatches);
    await resource.update(existing.id, ownedFields(input.body, owns));
    await verifyStored(resource, input, existing.id);
    logger.warn(
      { targetId: existing.id, fields: mismatches.map((m) => m.field) },
      'repaired a mismatching record',
    );
    return { targetId: existing.id, created: false, repaired: true };
  }

  const created = await resource.create(input.body, input.idempotencyKey);
  logger.info({ targetId: created.id }, 'record written');
  if (input.verify) await verifyStored(resource, input, created.id, created);
  return { targetId: created.id, created: true, repaired: false };
}

/** The body's top-level fields the integration owns on the target; all of them when it declares none. */
function ownedFields(
  body: Record<string, unknown>,
  owns: readonly string[] | undefined,
): Record<string, unknown> {
  if (!owns) return body;
  const roots = new Set(owns.map((field) => field.split('.')[0]!));
  return Object.fromEntries(Object.entries(body).filter(([field]) => roots.has(field)));
}

async function verifyStored(
  resource: TargetResource,
  input: DeliverToTargetInput,
  targetId: string,
  answered?: TargetRecord,
): Promise<void> {
  const stored = await resource.read(targetId);
  if (!stored) {
    throw new TargetFailure(
      FailureClass.destinationMismatch,
      `${input.target} answered success for ${targetId}${answered ? '' : ' (update)'} but holds no such record`,
      { responseBody: { targetId, missing: true } },
    );
  }
  const mismatches = compareWrittenRecord(input.body, stored.fields);
  if (mismatches.length > 0) throw mismatchFailure(input.target, targetId, mismatches);
}

function mismatchFailure(target: TargetKey, targetId: string, mismatches: FieldMismatch[]): TargetFailure {
  return new TargetFailure(
    FailureClass.destinationMismatch,
    `${target} record ${targetId} differs from what was written: ${mismatches.map((m) => m.field).join(', ')}`,
    { responseBody: { targetId, mismatches } },
  );
}
