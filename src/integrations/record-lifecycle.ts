import type { TargetKey } from '../systems/kit/target-resource';

/**
 * Who keeps a target field current once Loudwire has created the record (docs: README "When a record changes").
 */
export const FieldOwnership = {
  /** Loudwire keeps it current: a later source version overwrites it; an edit on the target is reported. */
  loudwire: 'loudwire',
  /** Written at creation, then a person's to change in the target: never sent again. */
  target: 'target',
  /** A change on both sides (source and target) parks the record with the diff for a person to decide. */
  park: 'park',
  /** The link to the source record (`external_id`): it is how the record is found, so it is never sent again. */
  link: 'link',
} as const;
export type FieldOwnership = (typeof FieldOwnership)[keyof typeof FieldOwnership];

/** What one source event type does to a record. Plain JSON: the workflow receives it through its settings. */
export type LifecycleAction =
  /** Create the target records (first version); a later version of the same record updates them. */
  | { kind: 'onboard' }
  /** Update the target records Loudwire created; a record never onboarded is left alone (status `Ignored`). */
  | { kind: 'update' }
  /**
   * The source record is gone from the business (a lost deal): set the listed fields on the records Loudwire
   * created (e.g. archive the project) and raise one alert so a person follows up.
   */
  | { kind: 'archive'; set: Partial<Record<TargetKey, Record<string, unknown>>>; description: string }
  /** Nothing is written: the record parks with `reason` until a person decides (redrive or skip). */
  | { kind: 'park'; reason: string };

/** The action of each event type an integration receives. */
export type RecordLifecycle = Readonly<Record<string, LifecycleAction>>;

/** A target field's ownership: declared, else `loudwire` for every field the mapping writes. */
export function ownershipOf(
  declared: Readonly<Record<string, FieldOwnership>> | undefined,
  field: string,
): FieldOwnership {
  return declared?.[field] ?? FieldOwnership.loudwire;
}

/** Fields never sent once the record exists: a person's (`target`) and the link to the source (`link`). */
export function isNeverResent(ownership: FieldOwnership): boolean {
  return ownership === FieldOwnership.target || ownership === FieldOwnership.link;
}
