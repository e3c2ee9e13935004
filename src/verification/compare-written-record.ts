/** One field that a target does not hold as it was written. */
export interface FieldMismatch {
  field: string;
  /** What was sent (stringified JSON; sensitive fields are redacted by whoever reports this). */
  intended: unknown;
  /** What the target holds; undefined when the field is absent. */
  stored: unknown;
}

/**
 * Compares every field Loudwire wrote with what the target returns when read back. Both sides are normalized
 * the same way (Unicode NFC, surrounding whitespace, numeric strings vs numbers) so that representation alone
 * never counts as a difference; fields the target adds (its ID, timestamps, defaults) are ignored.
 */
export function compareWrittenRecord(
  intended: Record<string, unknown>,
  stored: Record<string, unknown>,
  prefix = '',
): FieldMismatch[] {
  const mismatches: FieldMismatch[] = [];
  for (const [name, value] of Object.entries(intended)) {
    if (value === undefined) continue;
    const field = prefix ? `${prefix}.${name}` : name;
    const held = stored[name];
    if (isPlainObject(value) && isPlainObject(held)) {
      mismatches.push(...compareWrittenRecord(value, held, field));
    } else if (!sameValue(value, held)) {
      mismatches.push({ field, intended: value, stored: held });
    }
  }
  return mismatches;
}

function sameValue(intended: unknown, stored: unknown): boolean {
  return JSON.stringify(normalize(intended)) === JSON.stringify(normalize(stored));
}

function normalize(value: unknown): unknown {
  if (typeof value === 'string') {
    const text = value.normalize('NFC').trim();
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== undefined && field !== null)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, field]) => [key, normalize(field)]),
    );
  }
  return value ?? null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
