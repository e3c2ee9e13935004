import { FailureClass, TargetFailure } from './target-failure';

/** How many candidate IDs an AmbiguousTarget failure names; the rest are counted. */
export const maxNamedCandidates = 10;

/** What an exact look-up needs to know about one resource's records. */
export interface ExactLookup<T> {
  /** The key looked up: the source record's ID, as stored in the link field. */
  key: string;
  /** The link field's name in the vendor's convention (`external_id`, `ExternalRef`, `externalId`). */
  linkField: string;
  /** Human name of the record, for failure messages (`project`, `billing customer`). */
  noun: string;
  /** The vendor's own ID of a record (named in an AmbiguousTarget failure). */
  idOf(record: T): string;
}

/**
 * The one record of a vendor's look-up answer whose link field equals the key exactly, or undefined when none
 * does. A vendor's filter is never trusted: one that ignores it (answering every record) or matches loosely
 * (prefix, case) must not make an unrelated record "the existing one", which a repair would then overwrite.
 * Two or more exact matches are a non-retryable AmbiguousTarget failure naming the candidates: no guess is
 * ever written to, and an operator decides which record is the right one.
 */
export function exactMatch<T extends Record<string, unknown>>(
  answer: readonly T[],
  lookup: ExactLookup<T>,
): T | undefined {
  const matches = answer.filter((record) => record[lookup.linkField] === lookup.key);
  if (matches.length <= 1) return matches[0];
  throw ambiguousTarget(
    matches.map((record) => lookup.idOf(record)),
    lookup,
  );
}

function ambiguousTarget(candidates: string[], lookup: Omit<ExactLookup<never>, 'idOf'>): TargetFailure {
  const named = candidates.slice(0, maxNamedCandidates);
  const more = candidates.length - named.length;
  return new TargetFailure(
    FailureClass.ambiguousTarget,
    `${candidates.length} ${lookup.noun} records carry ${lookup.linkField} ${lookup.key}: ` +
      `${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}; none was written to`,
    {
      responseBody: {
        linkField: lookup.linkField,
        externalId: lookup.key,
        candidates: named,
        ...(more > 0 ? { moreCandidates: more } : {}),
      },
    },
  );
}
