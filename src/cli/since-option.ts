import { parseDurationMs } from '../config/duration';
import { UsageError } from './usage-error';

/**
 * The start of the window `--since` names: a duration back from now (`24h`, `90m`, `7d`) or an instant
 * (`2026-12-01T08:00:00Z`).
 */
export function parseSince(value: string, now = new Date()): Date {
  const durationMs = parseDurationMs(value);
  if (durationMs !== undefined && durationMs > 0) return new Date(now.getTime() - durationMs);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) {
    const instant = new Date(value);
    if (instant.getTime() > now.getTime()) throw new UsageError(`--since ${value} is in the future`);
    return instant;
  }
  throw new UsageError(
    `--since "${value}" is neither a duration (24h, 90m, 7d) nor an instant (2026-12-01T08:00:00Z)`,
  );
}
