import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { UsageRecord } from './usage-record-input';

/**
 * Usage records in their own table (a billing system holds many of them and reads them by date range), with the
 * per-record idempotency keys and the per-batch `Idempotency-Key` replays.
 */
export class UsageRecordStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS usage_records (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      usage_date TEXT NOT NULL,
      customer_external_id TEXT NOT NULL,
      idempotency_key TEXT UNIQUE,
      fingerprint TEXT NOT NULL,
      doc TEXT NOT NULL
    )`);
    db.exec('CREATE INDEX IF NOT EXISTS usage_records_date ON usage_records (usage_date, seq)');
    // Databases from before corrections lack the column: add it (a replaced record stops being listed).
    const columns = db.prepare('PRAGMA table_info(usage_records)').all() as { name: string }[];
    if (!columns.some((column) => column.name === 'superseded_by')) {
      db.exec('ALTER TABLE usage_records ADD COLUMN superseded_by TEXT');
    }
    db.exec(
      'CREATE TABLE IF NOT EXISTS usage_batch_keys (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, response TEXT NOT NULL)',
    );
  }

  /** The stored record under a record-level idempotency key, with the fingerprint of the request that made it. */
  byIdempotencyKey(key: string): { record: UsageRecord; fingerprint: string } | undefined {
    const row = this.#db
      .prepare('SELECT doc, fingerprint FROM usage_records WHERE idempotency_key = ?')
      .get(key) as { doc: string; fingerprint: string } | undefined;
    return row ? { record: JSON.parse(row.doc) as UsageRecord, fingerprint: row.fingerprint } : undefined;
  }

  /** The current (not replaced) record with this ID, if any. */
  current(id: string): UsageRecord | undefined {
    const row = this.#db
      .prepare('SELECT doc FROM usage_records WHERE id = ? AND superseded_by IS NULL')
      .get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as UsageRecord) : undefined;
  }

  /** Stores records and, when the batch had a key, its response, all or nothing. */
  insertBatch(
    records: readonly { record: UsageRecord; fingerprint: string }[],
    batchKey?: { key: string; fingerprint: string; response: unknown },
  ): void {
    const insert = this.#db.prepare(
      'INSERT INTO usage_records (id, usage_date, customer_external_id, idempotency_key, fingerprint, doc) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#db.transaction(() => {
      for (const { record, fingerprint } of records) {
        if (record.supersedes) {
          this.#db
            .prepare('UPDATE usage_records SET superseded_by = ? WHERE id = ?')
            .run(record.id, record.supersedes);
        }
        insert.run(
          record.id,
          record.usage_date,
          record.customer_external_id,
          record.idempotency_key,
          fingerprint,
          JSON.stringify(record),
        );
      }
      if (batchKey) {
        this.#db
          .prepare('INSERT INTO usage_batch_keys (key, fingerprint, response) VALUES (?, ?, ?)')
          .run(batchKey.key, batchKey.fingerprint, JSON.stringify(batchKey.response));
      }
    })();
  }

  /** What an earlier batch with this `Idempotency-Key` was answered, if any. */
  batchReplay(key: string): { fingerprint: string; response: unknown } | undefined {
    const row = this.#db
      .prepare('SELECT fingerprint, response FROM usage_batch_keys WHERE key = ?')
      .get(key) as { fingerprint: string; response: string } | undefined;
    return row ? { fingerprint: row.fingerprint, response: JSON.parse(row.response) as unknown } : undefined;
  }

  page(
    filter: { from?: string; to?: string; customerExternalId?: string },
    afterSeq: number,
    limit: number,
  ): { records: UsageRecord[]; lastSeq: number | undefined; more: boolean } {
    const conditions = ['seq > @afterSeq', 'superseded_by IS NULL'];
    if (filter.from !== undefined) conditions.push('usage_date >= @from');
    if (filter.to !== undefined) conditions.push('usage_date <= @to');
    if (filter.customerExternalId !== undefined)
      conditions.push('customer_external_id = @customerExternalId');
    const rows = this.#db
      .prepare(
        `SELECT seq, doc FROM usage_records WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT @limitPlusOne`,
      )
      .all({ ...filter, afterSeq, limitPlusOne: limit + 1 }) as { seq: number; doc: string }[];
    const pageRows = rows.slice(0, limit);
    return {
      records: pageRows.map((row) => JSON.parse(row.doc) as UsageRecord),
      lastSeq: pageRows.at(-1)?.seq,
      more: rows.length > limit,
    };
  }

  /** Every record, replaced ones too (with `superseded_by`), for the control plane's state. */
  all(): (UsageRecord & { superseded_by?: string })[] {
    const rows = this.#db.prepare('SELECT doc, superseded_by FROM usage_records ORDER BY seq').all() as {
      doc: string;
      superseded_by: string | null;
    }[];
    return rows.map((row) => ({
      ...(JSON.parse(row.doc) as UsageRecord),
      ...(row.superseded_by ? { superseded_by: row.superseded_by } : {}),
    }));
  }

  clear(): void {
    this.#db.prepare('DELETE FROM usage_records').run();
    this.#db.prepare('DELETE FROM usage_batch_keys').run();
  }
}

/** A hash of a JSON value that ignores key order. */
export function jsonFingerprint(value: unknown): string {
  return createHash('sha256').update(sortedJson(value)).digest('hex');
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${sortedJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
