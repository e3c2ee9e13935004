import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

export type TokenCheck = 'valid' | 'expired' | 'unknown';

/**
 * Issued OAuth access tokens. Only a hash of each token is stored, as a vendor would, so the SQLite file
 * never holds a usable credential.
 */
export class AccessTokens {
  readonly #db: Database.Database;
  readonly #ttlSeconds: number;

  constructor(db: Database.Database, ttlSeconds: number) {
    this.#db = db;
    this.#ttlSeconds = ttlSeconds;
    db.exec(
      'CREATE TABLE IF NOT EXISTS access_tokens (token_hash TEXT PRIMARY KEY, client_id TEXT NOT NULL, expires_at INTEGER NOT NULL)',
    );
  }

  issue(clientId: string): { accessToken: string; expiresInSeconds: number } {
    const accessToken = `bat_${randomBytes(24).toString('base64url')}`;
    this.#db
      .prepare('INSERT INTO access_tokens (token_hash, client_id, expires_at) VALUES (?, ?, ?)')
      .run(hashToken(accessToken), clientId, Date.now() + this.#ttlSeconds * 1000);
    return { accessToken, expiresInSeconds: Math.max(1, Math.round(this.#ttlSeconds)) };
  }

  check(accessToken: string): TokenCheck {
    const row = this.#db
      .prepare('SELECT expires_at FROM access_tokens WHERE token_hash = ?')
      .get(hashToken(accessToken)) as { expires_at: number } | undefined;
    if (!row) return 'unknown';
    return Date.now() < row.expires_at ? 'valid' : 'expired';
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
