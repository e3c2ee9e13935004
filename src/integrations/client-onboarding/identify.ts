import { isPlainObject } from '../../mapping/field-path';
import { normalizeIdentifier } from '../../mapping/normalize/identifier';
import { normalizeSequence } from '../../mapping/normalize/sequence';

/**
 * Reads the deal's ID and version from a `deal.won` payload. Without a valid version the event has no sequence
 * and applies in arrival order (src/workflows/event-order.ts).
 */
export function identifyDeal(payload: unknown): { recordKey: string; sequence?: number } | undefined {
  const deal = isPlainObject(payload) ? payload.deal : undefined;
  if (!isPlainObject(deal)) return undefined;
  const id = normalizeIdentifier(deal.id);
  if (!id.ok) return undefined;
  const version = normalizeSequence(deal.version);
  return version.ok ? { recordKey: id.value, sequence: version.value } : { recordKey: id.value };
}
