import type Database from 'better-sqlite3';
import type { TimeEntry } from './time-entry-input';

/** Which entries a page reads. Dates are inclusive `YYYY-MM-DD`. */
export interface TimeEntryFilter {
  from?: string;
  to?: string;
  billable?: boolean;
  projectId?: string;
}

/**
 * Time entries in their own table with real columns: unlike the small document collections, a project tool holds
 * many thousands of them, read in cursor pages filtered by date and billable flag. The cursor is the row's
 * sequence number, so a page boundary is stable however many entries are added while a client pages.
 */
export class TimeEntryStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS time_entries (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      project_id TEXT NOT NULL,
      date TEXT NOT NULL,
      billable INTEGER NOT NULL,
      doc TEXT NOT NULL
    )`);
    db.exec('CREATE INDEX IF NOT EXISTS time_entries_date ON time_entries (date, seq)');
  }

  /** Inserts entries in one transaction (the bulk generator writes thousands at once). */
  insertMany(entries: readonly TimeEntry[]): void {
    const insert = this.#db.prepare(
      'INSERT INTO time_entries (id, project_id, date, billable, doc) VALUES (?, ?, ?, ?, ?)',
    );
    this.#db.transaction(() => {
      for (const entry of entries) {
        insert.run(entry.id, entry.project_id, entry.date, entry.billable ? 1 : 0, JSON.stringify(entry));
      }
    })();
  }

  get(id: string): TimeEntry | undefined {
    const row = this.#db.prepare('SELECT doc FROM time_entries WHERE id = ?').get(id) as
      { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as TimeEntry) : undefined;
  }

  /** One page after `afterSeq` (0 = from the start), plus the sequence to continue from when more remain. */
  page(
    filter: TimeEntryFilter,
    afterSeq: number,
    limit: number,
  ): { entries: TimeEntry[]; lastSeq: number | undefined; more: boolean } {
    const conditions = ['seq > @afterSeq'];
    if (filter.from !== undefined) conditions.push('date >= @from');
    if (filter.to !== undefined) conditions.push('date <= @to');
    if (filter.billable !== undefined) conditions.push('billable = @billable');
    if (filter.projectId !== undefined) conditions.push('project_id = @projectId');
    const rows = this.#db
      .prepare(
        `SELECT seq, doc FROM time_entries WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT @limitPlusOne`,
      )
      .all({
        afterSeq,
        from: filter.from,
        to: filter.to,
        billable: filter.billable === undefined ? undefined : filter.billable ? 1 : 0,
        projectId: filter.projectId,
        limitPlusOne: limit + 1,
      }) as { seq: number; doc: string }[];
    const pageRows = rows.slice(0, limit);
    return {
      entries: pageRows.map((row) => JSON.parse(row.doc) as TimeEntry),
      lastSeq: pageRows.at(-1)?.seq,
      more: rows.length > limit,
    };
  }

  all(): TimeEntry[] {
    const rows = this.#db.prepare('SELECT doc FROM time_entries ORDER BY seq').all() as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as TimeEntry);
  }

  clear(): void {
    this.#db.prepare('DELETE FROM time_entries').run();
  }
}

/** Cursors are opaque to clients: the sequence number, base64url-encoded with a version prefix. */
export function encodeTimeEntryCursor(seq: number): string {
  return Buffer.from(`v1:${seq}`).toString('base64url');
}

/** The sequence a cursor stands for, or undefined when the cursor was not issued by this API. */
export function decodeTimeEntryCursor(cursor: string): number | undefined {
  const match = /^v1:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}
