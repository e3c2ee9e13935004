import type { TargetRecord, TargetResource } from '../kit/target-resource';
import { exactMatch } from '../kit/exact-lookup';
import { TargetFailure } from '../kit/target-failure';
import type { ProjectToolClient } from './project-tool-client';

/** Where a resource of the project tool lives and how its answers are wrapped. */
export interface ProjectToolResourceShape {
  /** Collection path, e.g. `/v2/projects`. */
  path: string;
  /** Wrapping key of one record (`project`) and of a list (`projects`). */
  one: string;
  many: string;
  /** Human name for failure messages (`project`). */
  noun: string;
}

/**
 * A project-tool resource with the vendor's REST conventions: lookup by `?external_id=`, idempotent create with
 * `Idempotency-Key`, read by ID, partial update with PATCH (the link field `external_id` is never changed).
 */
export function projectToolResource(
  client: ProjectToolClient,
  shape: ProjectToolResourceShape,
): TargetResource {
  const recordPath = (id: string) => `${shape.path}/${encodeURIComponent(id)}`;
  return {
    async findByExternalId(externalId) {
      const query = new URLSearchParams({ external_id: externalId });
      const list = await client.value(
        { method: 'GET', path: `${shape.path}?${query}` },
        `find ${shape.noun}`,
        shape.many,
      );
      const match = exactMatch((Array.isArray(list) ? list : []) as Record<string, unknown>[], {
        key: externalId,
        linkField: 'external_id',
        noun: shape.noun,
        idOf: (record) => String(record.id),
      });
      return match ? toTargetRecord(match) : undefined;
    },

    async create(body, idempotencyKey) {
      const created = await client.value(
        { method: 'POST', path: shape.path, headers: { 'idempotency-key': idempotencyKey }, body },
        `create ${shape.noun}`,
        shape.one,
      );
      return toTargetRecord(created);
    },

    async update(id, fields, idempotencyKey) {
      const { external_id: _link, ...changes } = fields;
      const updated = await client.value(
        {
          method: 'PATCH',
          path: recordPath(id),
          body: changes,
          ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
        },
        `update ${shape.noun}`,
        shape.one,
      );
      return toTargetRecord(updated);
    },

    async read(id) {
      try {
        return toTargetRecord(
          await client.value({ method: 'GET', path: recordPath(id) }, `read ${shape.noun}`, shape.one),
        );
      } catch (error) {
        if (error instanceof TargetFailure && error.details.status === 404) return undefined;
        throw error;
      }
    },
  };
}

function toTargetRecord(record: unknown): TargetRecord {
  const fields = record as Record<string, unknown>;
  return { id: String(fields.id), fields };
}
