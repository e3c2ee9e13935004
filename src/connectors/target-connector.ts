import type { TargetSystem } from '../integrations/integration';

/** A record as stored by a target system: its own ID and its fields in its own conventions. */
export interface TargetRecord {
  id: string;
  fields: Record<string, unknown>;
}

/**
 * What Loudwire needs from a target system. One implementation per vendor folder; each classifies its vendor's
 * responses into TargetFailure (see target-failure.ts) so the activities never interpret HTTP themselves.
 */
export interface TargetConnector {
  readonly target: TargetSystem;
  /** The record carrying this source ID in `external_id`, if the target already holds one. */
  findByExternalId(externalId: string): Promise<TargetRecord | undefined>;
  /** Creates a record; the same idempotency key must never create a second one. */
  create(body: Record<string, unknown>, idempotencyKey: string): Promise<TargetRecord>;
  /** Reads a record back by the target's own ID (for verification). */
  read(id: string): Promise<TargetRecord | undefined>;
  /**
   * Proves the configured credentials work right now (a fresh token, an authenticated read), for the credential
   * health check. Throws a classified TargetFailure when they do not.
   */
  probeCredentials(): Promise<void>;
  /** Overwrites the given fields of an existing record (an operator's repair after a destination mismatch). */
  update(id: string, fields: Record<string, unknown>): Promise<TargetRecord>;
}
