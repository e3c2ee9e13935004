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
  /** The command failed for a reason that is not the input's fault (a bug, a crash): nothing can be concluded. */
  unexpected: 3,
} as const;

/** The exit codes as `loudwire --help` lists them. */
export const exitCodesHelp = [
  'Exit codes:',
  `  ${exitCodes.ok}  every record went through (warnings allowed)`,
  `  ${exitCodes.rejected}  at least one record was rejected or unreadable`,
  `  ${exitCodes.usage}  usage error: the command could not run as called`,
  `  ${exitCodes.unexpected}  unexpected failure (a crash); the report is incomplete`,
].join('\n');
