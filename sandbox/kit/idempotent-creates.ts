import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DocumentCollection } from './document-collection';
import { FaultKind, writeFaultKinds } from './faults/fault-kinds';
import type { FaultRegistry, FaultTarget } from './faults/fault-registry';

/** What an `Idempotency-Key` says about a create before it runs. */
export type IdempotencyCheck<T> = { kind: 'new' } | { kind: 'replay'; record: T } | { kind: 'key_reused' };

/**
 * Creates on a target vendor: at most one record per `Idempotency-Key`, and the write faults (`drop_write`,
 * `alter_write`) that make a vendor answer success while storing nothing, or something else, and
 * `duplicate_external_id`, which stores a second copy of the record under another ID.
 */
export class IdempotentCreates<T extends { id: string }> {
  readonly #db: Database.Database;
  readonly #collection: DocumentCollection<T>;
  readonly #faults: FaultRegistry;
  readonly #alter: (record: T) => T;
  readonly #duplicate: ((record: T) => T) | undefined;
  readonly #table: string;

  constructor(options: {
    db: Database.Database;
    collection: DocumentCollection<T>;
    faults: FaultRegistry;
    /** The one-value corruption an `alter_write` fault stores. */
    alter: (record: T) => T;
    /** The same record under a fresh ID, as a `duplicate_external_id` fault stores it too; unset: not offered. */
    duplicate?: (record: T) => T;
    /**
     * Keeps this resource's keys apart from other resources' in the same database, so one key used on two
     * resources is two independent creates. Unset: the `idempotency_keys` table every first resource used.
     */
    scope?: string;
  }) {
    this.#db = options.db;
    this.#collection = options.collection;
    this.#faults = options.faults;
    this.#alter = options.alter;
    this.#duplicate = options.duplicate;
    if (options.scope !== undefined && !/^[a-z_]+$/.test(options.scope)) {
      throw new Error(`Invalid idempotency scope: ${options.scope}`);
    }
    this.#table = options.scope === undefined ? 'idempotency_keys' : `idempotency_keys_${options.scope}`;
    this.#db.exec(
      `CREATE TABLE IF NOT EXISTS ${this.#table} (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, record_id TEXT NOT NULL, created_at TEXT NOT NULL)`,
    );
  }

  /** Checks a key against earlier creates; the same key must come with the same body. */
  check(key: string | undefined, body: unknown): IdempotencyCheck<T> {
    if (key === undefined) return { kind: 'new' };
    const row = this.#db
      .prepare(`SELECT fingerprint, record_id FROM ${this.#table} WHERE key = ?`)
      .get(key) as { fingerprint: string; record_id: string } | undefined;
    if (!row) return { kind: 'new' };
    if (row.fingerprint !== fingerprint(body)) return { kind: 'key_reused' };
    const record = this.#collection.get(row.record_id);
    return record ? { kind: 'replay', record } : { kind: 'new' };
  }

  /**
   * Stores a validated new record under its key and returns what the vendor answers, which is always the
   * intended record, whatever a write fault made of the stored one.
   */
  create(record: T, options: { key: string | undefined; body: unknown; target: FaultTarget }): T {
    const kinds = this.#duplicate ? [...writeFaultKinds, FaultKind.duplicateExternalId] : writeFaultKinds;
    const fault = this.#faults.takeFirst(kinds, options.target);
    if (fault?.kind === FaultKind.dropWrite) return record;
    const stored = fault?.kind === FaultKind.alterWrite ? this.#alter(record) : record;
    this.#db.transaction(() => {
      this.#collection.insert(stored);
      if (fault?.kind === FaultKind.duplicateExternalId) this.#collection.insert(this.#duplicate!(record));
      if (options.key !== undefined) {
        this.#db
          .prepare(`INSERT INTO ${this.#table} (key, fingerprint, record_id, created_at) VALUES (?, ?, ?, ?)`)
          .run(options.key, fingerprint(options.body), stored.id, new Date().toISOString());
      }
    })();
    return record;
  }

  clear(): void {
    this.#db.prepare(`DELETE FROM ${this.#table}`).run();
  }
}

/** A hash of the body that ignores key order, so `{a,b}` and `{b,a}` count as the same request. */
function fingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Reads `Idempotency-Key`: absent is fine (no dedupe), present must be 1–255 visible characters. */
export function readIdempotencyKey(
  header: string | undefined,
): { ok: true; key: string | undefined } | { ok: false; message: string } {
  if (header === undefined) return { ok: true, key: undefined };
  if (!/^[\x21-\x7e]{1,255}$/.test(header)) {
    return { ok: false, message: 'Idempotency-Key must be 1-255 printable ASCII characters without spaces' };
  }
  return { ok: true, key: header };
}
