import { isPlainObject } from '../../mapping/field-path';
import { normalizeIdentifier } from '../../mapping/normalize/identifier';
import { normalizeSequence } from '../../mapping/normalize/sequence';

/**
 * Reads the deal's ID and version from a `deal.won` payload. The version defaults to 0 when absent or invalid:
 * ordering then falls back to arrival order, which is safe for a record that was never versioned.
 */
export function identifyDeal(payload: unknown): { recordKey: string; sequence: number } | undefined {
  const deal = isPlainObject(payload) ? payload.deal : undefined;
  if (!isPlainObject(deal)) return undefined;
  const id = normalizeIdentifier(deal.id);
  if (!id.ok) return undefined;
  const version = normalizeSequence(deal.version);
  return { recordKey: id.value, sequence: version.ok ? version.value : 0 };
}
