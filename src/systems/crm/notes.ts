import type { TargetRecord, TargetResource } from '../kit/target-resource';
import { exactMatch } from '../kit/exact-lookup';
import { FailureClass, TargetFailure } from '../kit/target-failure';
import type { CrmClient } from './crm-client';

/**
 * Notes on company records (`/api/notes`): the CRM as a target. Found by `externalId` (the record in the other
 * system the note came from), created with `Idempotency-Key`, read back, and updated in their text only (the
 * CRM refuses any other field on PATCH).
 */
export function crmNotes(client: CrmClient): TargetResource {
  return {
    async findByExternalId(externalId) {
      const query = new URLSearchParams({ externalId });
      const answer = await client.body({ method: 'GET', path: `/api/notes?${query}` }, 'find note');
      const notes = Array.isArray(answer.notes) ? answer.notes : [];
      const match = exactMatch(notes as Record<string, unknown>[], {
        key: externalId,
        linkField: 'externalId',
        noun: 'CRM note',
        idOf: (note) => String(note.id),
      });
      return match ? toTargetRecord(match) : undefined;
    },

    async create(note, idempotencyKey) {
      return toTargetRecord(
        await client.body(
          { method: 'POST', path: '/api/notes', headers: { 'idempotency-key': idempotencyKey }, body: note },
          'create note',
        ),
      );
    },

    async update(id, fields) {
      return toTargetRecord(
        await client.body(
          { method: 'PATCH', path: `/api/notes/${encodeURIComponent(id)}`, body: { body: fields.body } },
          'update note',
        ),
      );
    },

    async read(id) {
      try {
        return toTargetRecord(
          await client.body({ method: 'GET', path: `/api/notes/${encodeURIComponent(id)}` }, 'read note'),
        );
      } catch (error) {
        if (error instanceof TargetFailure && error.details.status === 404) return undefined;
        throw error;
      }
    },
  };
}

function toTargetRecord(note: unknown): TargetRecord {
  const fields = note as Record<string, unknown>;
  if (!fields || typeof fields.id !== 'string') {
    throw new TargetFailure(FailureClass.unexpectedResponse, 'CRM note has no id', { responseBody: note });
  }
  return { id: fields.id, fields };
}
