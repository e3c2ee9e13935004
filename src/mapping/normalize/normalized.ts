/**
 * A declared, non-fatal change a normalizer made to a value (e.g. invisible characters removed). The mapping
 * engine turns each note into a warning that names the source field, so no change goes unreported.
 */
export interface NormalizationNote {
  /** Stable machine code, e.g. `invisible_characters_removed`. */
  code: string;
  /** A sentence a person can act on. */
  reason: string;
}

/** The result of normalizing one raw value: the normalized value, or why it could not be normalized. */
export type Normalized<T> =
  { ok: true; value: T; notes: NormalizationNote[] } | { ok: false; code: string; reason: string };

export function normalized<T>(value: T, notes: NormalizationNote[] = []): Normalized<T> {
  return { ok: true, value, notes };
}

export function notNormalized<T = never>(code: string, reason: string): Normalized<T> {
  return { ok: false, code, reason };
}
