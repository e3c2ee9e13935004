import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** Opens one sandbox's SQLite database; `:memory:` keeps it in RAM, a path creates its folder if needed. */
export function openSandboxDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL lets an operator inspect the file with sqlite3 while the sandbox keeps writing.
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  return db;
}
