import { FieldOwnership, isNeverResent, ownershipOf } from '../integrations/record-lifecycle';
import { compareWrittenRecord } from './compare-written-record';

/** A field that changed on the target since Loudwire last wrote it. */
export interface FieldDrift {
  field: string;
  ownership: FieldOwnership;
  /** What Loudwire last wrote; undefined when it does not know (a record written before baselines were kept). */
  lastWritten: unknown;
  /** What the target holds now. */
  onTarget: unknown;
  /** What the new source version says. */
  intended: unknown;
  /** What happens: overwritten (`loudwire`), kept as the target holds it, or parked for a person (`park`). */
  resolution: 'overwritten' | 'kept' | 'parked';
}

export interface TargetUpdatePlan {
  /** The fields to send (only those that differ from what the target holds). */
  changes: Record<string, unknown>;
  /** Fields a person changed on the target since the last write (reported in one TargetDrifted alert). */
  drift: FieldDrift[];
  /** `park` fields changed on both sides: nothing is sent until a person decides. */
  conflicts: FieldDrift[];
  /** What Loudwire will have last written once `changes` landed: the baseline of the next version. */
  nextBaseline: Record<string, unknown>;
}

/**
 * Field-level diff of a later version against what Loudwire last wrote and what the target holds now, by the
 * integration's declared ownership of each field. Pure: the activity reads the target, this decides.
 *
 * - `target` fields (and the `link` to the source) are never sent again.
 * - `loudwire` fields are sent when they differ from the target; one changed there since the last write is
 *   reported as drift (and overwritten).
 * - `park` fields changed only on the target are kept (the person's value becomes the baseline); changed on both
 *   sides they are conflicts, unless `resolveConflicts` (an operator's redrive) says the source wins.
 */
export function planTargetUpdate(input: {
  intended: Record<string, unknown>;
  stored: Record<string, unknown>;
  lastWritten: Record<string, unknown> | undefined;
  ownership: Readonly<Record<string, FieldOwnership>> | undefined;
  resolveConflicts: boolean;
}): TargetUpdatePlan {
  const { intended, stored, lastWritten } = input;
  const plan: TargetUpdatePlan = {
    changes: {},
    drift: [],
    conflicts: [],
    nextBaseline: { ...lastWritten },
  };
  for (const [field, value] of Object.entries(intended)) {
    if (value === undefined) continue;
    const ownership = ownershipOf(input.ownership, field);
    if (isNeverResent(ownership)) continue;
    const differsOnTarget = !sameField(field, value, stored[field]);
    const known = lastWritten !== undefined;
    const driftedOnTarget = known ? !sameField(field, lastWritten[field], stored[field]) : differsOnTarget;
    const changedAtSource = known ? !sameField(field, lastWritten[field], value) : true;
    const drift = (resolution: FieldDrift['resolution']): FieldDrift => ({
      field,
      ownership,
      lastWritten: known ? lastWritten[field] : undefined,
      onTarget: stored[field],
      intended: value,
      resolution,
    });

    if (ownership === FieldOwnership.park && driftedOnTarget && differsOnTarget) {
      if (changedAtSource && !input.resolveConflicts) {
        plan.conflicts.push(drift('parked'));
        continue;
      }
      if (!changedAtSource) {
        // The person's edit stands: it becomes what the next version is compared with.
        plan.drift.push(drift('kept'));
        plan.nextBaseline[field] = stored[field];
        continue;
      }
    }
    if (differsOnTarget) {
      // A `park` conflict an operator resolved the source's way was reported when it parked: not drift again.
      const resolved = ownership === FieldOwnership.park && changedAtSource;
      if (driftedOnTarget && known && !resolved) plan.drift.push(drift('overwritten'));
      plan.changes[field] = value;
    }
    plan.nextBaseline[field] = value;
  }
  return plan;
}

/** Same value after the read-back normalization (Unicode, whitespace, numeric strings, null vs absent). */
function sameField(field: string, a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return b === undefined || b === null;
  return compareWrittenRecord({ [field]: a }, { [field]: b }).length === 0;
}
