import type { TargetResource } from '../systems/kit/target-resource';
import { FailureClass, TargetFailure } from '../systems/kit/target-failure';
import type { TargetKey } from '../integrations/integration';
import type { FieldOwnership } from '../integrations/record-lifecycle';
import type { Logger } from '../logging/logger';
import { compareWrittenRecord } from '../verification/compare-written-record';
import { planTargetUpdate, type FieldDrift } from '../verification/plan-target-update';

export interface UpdateTargetRecordInput {
  integration: string;
  target: TargetKey;
  /** The target's own ID of the record Loudwire created (or found) for this source record. */
  targetId: string;
  /** The source record ID (for logs). */
  externalId: string;
  workflowId: string;
  /** The new version's full target body, or the fields a lifecycle action sets (`archive`). */
  body: Record<string, unknown>;
  /** What Loudwire last wrote to this record; absent when unknown (a record written before baselines were kept). */
  lastWritten?: Record<string, unknown>;
  /** Per source version (and redrive round): a retried attempt of the same version is the same request. */
  idempotencyKey: string;
  /** Set after an operator's redrive: `park` fields changed on both sides take the source's value. */
  resolveConflicts: boolean;
  /** Lifecycle actions set fields whatever their ownership (archiving sets a `target` field, the status). */
  force?: boolean;
  verify: boolean;
}

export interface UpdateTargetRecordResult {
  targetId: string;
  /** The fields sent (empty when the target already held the new version). */
  sent: Record<string, unknown>;
  drift: FieldDrift[];
  /** `park` conflicts; when present nothing was sent and the record must wait for a person. */
  conflicts: FieldDrift[];
  /** The baseline of the next version: what Loudwire has now last written. */
  written: Record<string, unknown>;
}

/**
 * Brings a record Loudwire created up to a later source version: reads what the target holds, diffs it field by
 * field against what Loudwire last wrote (planTargetUpdate, by the integration's declared ownership), sends only
 * the fields that change, then reads the record back and verifies them. A field a person changed on the target
 * is never silently overwritten: it is returned as drift for the workflow's one alert, or as a conflict that
 * parks the record.
 */
export async function updateTargetRecord(
  resource: TargetResource,
  input: UpdateTargetRecordInput,
  logger: Logger,
  ownership: Readonly<Record<string, FieldOwnership>> | undefined,
): Promise<UpdateTargetRecordResult> {
  const current = await resource.read(input.targetId);
  if (!current) {
    throw new TargetFailure(
      FailureClass.destinationMismatch,
      `${input.target} no longer holds record ${input.targetId} (deleted there?): nothing to update`,
      { responseBody: { targetId: input.targetId, missing: true } },
    );
  }
  const plan = input.force
    ? forcedPlan(input.body, current.fields, input.lastWritten)
    : planTargetUpdate({
        intended: input.body,
        stored: current.fields,
        lastWritten: input.lastWritten,
        ownership,
        resolveConflicts: input.resolveConflicts,
      });
  const result = { targetId: input.targetId, drift: plan.drift, conflicts: plan.conflicts };
  if (plan.conflicts.length > 0) {
    logger.warn(
      { fields: plan.conflicts.map((c) => c.field) },
      'changed on both sides: parked, nothing sent',
    );
    return { ...result, sent: {}, written: input.lastWritten ?? {} };
  }
  if (Object.keys(plan.changes).length === 0) {
    logger.info({ targetId: input.targetId }, 'target already holds this version; nothing sent');
    return { ...result, sent: {}, written: plan.nextBaseline };
  }
  await resource.update(input.targetId, plan.changes, input.idempotencyKey);
  if (input.verify) {
    const stored = await resource.read(input.targetId);
    const mismatches = stored ? compareWrittenRecord(plan.changes, stored.fields) : [];
    if (!stored || mismatches.length > 0) {
      throw new TargetFailure(
        FailureClass.destinationMismatch,
        `${input.target} record ${input.targetId} differs from the update: ` +
          (stored ? mismatches.map((m) => m.field).join(', ') : 'record gone'),
        { responseBody: { targetId: input.targetId, mismatches } },
      );
    }
  }
  logger.info({ targetId: input.targetId, fields: Object.keys(plan.changes) }, 'record updated');
  return { ...result, sent: plan.changes, written: plan.nextBaseline };
}

/** A lifecycle action's fields, sent when the target does not hold them yet. */
function forcedPlan(
  set: Record<string, unknown>,
  stored: Record<string, unknown>,
  lastWritten: Record<string, unknown> | undefined,
) {
  const differing = compareWrittenRecord(set, stored).map((mismatch) => mismatch.field.split('.')[0]!);
  const changes = Object.fromEntries(Object.entries(set).filter(([field]) => differing.includes(field)));
  return { changes, drift: [], conflicts: [], nextBaseline: { ...lastWritten, ...set } };
}
