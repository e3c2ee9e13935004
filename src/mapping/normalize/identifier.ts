import { describeValue } from './describe-value';
import { normalized, notNormalized, type Normalized } from './normalized';

/**
 * Characters a source record ID may contain. IDs travel into workflow IDs, search attributes and every target's
 * `external_id`, so anything beyond this safe set is refused rather than escaped or trimmed.
 */
export const safeIdentifierPattern = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Checks a source record ID. IDs are compared byte for byte by the targets, so nothing is cleaned: not even
 * surrounding spaces are trimmed, and an ID that needs cleaning fails with `invalid_id`.
 */
export function normalizeIdentifier(raw: unknown): Normalized<string> {
  if (typeof raw !== 'string')
    return notNormalized('wrong_type', `expected an ID as text, got ${describeValue(raw)}`);
  if (raw === '') return notNormalized('empty', 'is empty');
  if (!safeIdentifierPattern.test(raw)) {
    return notNormalized(
      'invalid_id',
      `${describeValue(raw)} is not 1–128 characters of A–Z, a–z, 0–9, _ . : -`,
    );
  }
  return normalized(raw);
}
