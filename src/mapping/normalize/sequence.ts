import { describeValue } from './describe-value';
import { normalized, notNormalized, type Normalized } from './normalized';

/**
 * Normalizes a record version used to order events of one record: a non-negative safe integer. A string of
 * digits (`"3"`) is read as that integer, since some senders quote every number; anything else (`3.5`, `-1`,
 * `"3a"`) fails with `invalid_integer`.
 */
export function normalizeSequence(raw: unknown): Normalized<number> {
  const value = typeof raw === 'string' && /^\s*\d{1,16}\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return normalized(value);
  return notNormalized('invalid_integer', `${describeValue(raw)} is not a non-negative whole number`);
}

/**
 * Normalizes a quantity such as minutes worked: a JSON number that is a non-negative safe integer. Unlike a
 * sequence, text is refused: a quantity that arrives as `"90"` or `1.5` means the source changed its contract.
 */
export function normalizeCount(raw: unknown): Normalized<number> {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return normalized(raw);
  return notNormalized('invalid_integer', `${describeValue(raw)} is not a non-negative whole number`);
}
