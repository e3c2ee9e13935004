/**
 * A target is a system and one of its resources, written `<system>/<resource>` (`project-tool/projects`,
 * `crm/notes`). Retry policies, timeouts, mapping output and the workflow's writes are keyed by it.
 */
export type TargetKey = `${string}/${string}`;

/** The system part of a target key (`project-tool` of `project-tool/projects`). */
export function systemOfTarget(target: TargetKey): string {
  return target.slice(0, target.indexOf('/'));
}

/** The resource part of a target key (`projects` of `project-tool/projects`). */
export function resourceOfTarget(target: TargetKey): string {
  return target.slice(target.indexOf('/') + 1);
}

/** A record as stored by a target system: its own ID and its fields in its own conventions. */
export interface TargetRecord {
  id: string;
  fields: Record<string, unknown>;
}

/**
 * What Loudwire needs from one writable resource of a system. Each system's folder implements it on top of the
 * system's one client, which classifies responses into TargetFailure (see target-failure.ts), so the activities
 * never interpret HTTP themselves.
 */
export interface TargetResource {
  /** The record carrying this source ID in the resource's link field (`external_id`, `externalId`, …). */
  findByExternalId(externalId: string): Promise<TargetRecord | undefined>;
  /** Creates a record; the same idempotency key must never create a second one. */
  create(body: Record<string, unknown>, idempotencyKey: string): Promise<TargetRecord>;
  /** Reads a record back by the target's own ID (for verification). */
  read(id: string): Promise<TargetRecord | undefined>;
  /** Overwrites the given fields of an existing record (an operator's repair after a destination mismatch). */
  update(id: string, fields: Record<string, unknown>): Promise<TargetRecord>;
}
