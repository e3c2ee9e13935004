import type Database from 'better-sqlite3';

/**
 * A table of JSON documents keyed by `id`, in insertion order. The sandboxes' records are small and read
 * whole, so one JSON column per record keeps each vendor's schema in its TypeScript types, not in SQL.
 * Table and field names come from code, never from a request.
 */
export class DocumentCollection<T extends { id: string }> {
  readonly #db: Database.Database;
  readonly #table: string;

  constructor(db: Database.Database, table: string, indexedFields: readonly string[] = []) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`Invalid collection name: ${table}`);
    this.#db = db;
    this.#table = table;
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`,
    );
    for (const field of indexedFields) {
      assertFieldName(field);
      db.exec(`CREATE INDEX IF NOT EXISTS ${table}_${field} ON ${table} (json_extract(doc, '$.${field}'))`);
    }
  }

  insert(record: T): T {
    this.#db
      .prepare(`INSERT INTO ${this.#table} (id, doc) VALUES (?, ?)`)
      .run(record.id, JSON.stringify(record));
    return record;
  }

  /** Replaces an existing record in place, keeping its position. */
  update(record: T): T {
    const result = this.#db
      .prepare(`UPDATE ${this.#table} SET doc = ? WHERE id = ?`)
      .run(JSON.stringify(record), record.id);
    if (result.changes !== 1) throw new Error(`No ${this.#table} record ${record.id} to update`);
    return record;
  }

  get(id: string): T | undefined {
    const row = this.#db.prepare(`SELECT doc FROM ${this.#table} WHERE id = ?`).get(id) as
      { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  all(): T[] {
    const rows = this.#db.prepare(`SELECT doc FROM ${this.#table} ORDER BY seq`).all() as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as T);
  }

  /** Records whose top-level `field` equals `value`, in insertion order. */
  findBy(field: string, value: string | number): T[] {
    assertFieldName(field);
    const rows = this.#db
      .prepare(`SELECT doc FROM ${this.#table} WHERE json_extract(doc, '$.${field}') = ? ORDER BY seq`)
      .all(value) as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as T);
  }

  clear(): void {
    this.#db.prepare(`DELETE FROM ${this.#table}`).run();
  }
}

function assertFieldName(field: string): void {
  if (!/^[A-Za-z_]+$/.test(field)) throw new Error(`Invalid field name: ${field}`);
}
