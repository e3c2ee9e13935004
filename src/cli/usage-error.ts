/**
 * A mistake in how the CLI was called (unknown integration, missing file, bad flag). The program prints its
 * message and exits with {@link exitCodes.usage}.
 */
export class UsageError extends Error {
  readonly type = 'UsageError';
  override name = 'UsageError';
}

/** Exit codes every command uses. */
export const exitCodes = {
  /** Everything went through (warnings allowed). */
  ok: 0,
  /** The command ran, and at least one record was rejected or unreadable. */
  rejected: 1,
  /** The command could not run as called. */
  usage: 2,
} as const;
