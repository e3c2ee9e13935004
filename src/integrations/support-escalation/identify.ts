import { isPlainObject } from '../../mapping/field-path';
import { normalizeIdentifier } from '../../mapping/normalize/identifier';
import { normalizeSequence } from '../../mapping/normalize/sequence';

/** Reads the ticket's ID and revision; the revision orders events of one ticket (0 when absent). */
export function identifyTicket(payload: unknown): { recordKey: string; sequence: number } | undefined {
  const ticket = isPlainObject(payload) ? payload.ticket : undefined;
  if (!isPlainObject(ticket)) return undefined;
  const id = normalizeIdentifier(ticket.id);
  if (!id.ok) return undefined;
  const revision = normalizeSequence(ticket.revision);
  return { recordKey: id.value, sequence: revision.ok ? revision.value : 0 };
}
