import { Command, CommanderError } from 'commander';
import { registerBaselineCommand } from './commands/baseline';
import { registerCaptureCommand } from './commands/capture';
import { registerDryRunCommand } from './commands/dry-run';
import { registerIncidentsCommand } from './commands/incidents';
import { registerLedgerCommand } from './commands/ledger';
import { registerMappingsCommand } from './commands/mappings';
import { registerNewCommand } from './commands/new';
import { registerParkedCommand } from './commands/parked';
import { registerRedriveCommand } from './commands/redrive';
import { registerReplayCommand } from './commands/replay';
import { registerSchedulesCommand } from './commands/schedules';
import { registerStatusCommand } from './commands/status';
import { exitCodes, exitCodesHelp, UsageError } from './usage-error';

/**
 * The `loudwire` program. Each command lives in its own file under ./commands and registers itself here, so
 * adding one (`parked`, `redrive`, `schedules`) is a file plus one line.
 */
export function createProgram(): Command {
  const program = new Command('loudwire')
    .description('Loudwire: business integrations as durable Temporal workflows that never fail silently.')
    // Usage errors must exit 2 (not commander's default 1, which means "records were rejected").
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `\n${exitCodesHelp}`);
  registerMappingsCommand(program);
  registerDryRunCommand(program);
  registerParkedCommand(program);
  registerRedriveCommand(program);
  registerIncidentsCommand(program);
  registerSchedulesCommand(program);
  registerStatusCommand(program);
  registerLedgerCommand(program);
  registerCaptureCommand(program);
  registerReplayCommand(program);
  registerNewCommand(program);
  registerBaselineCommand(program);
  return program;
}

/** Runs the CLI with process-style arguments and resolves to the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // A reader that stops early (`| head`) is not an error worth a stack trace.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? exitCodes.ok);
    throw error;
  });
  try {
    await createProgram().parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // `--help` exits 0; help shown because no command was given is a usage error like any other.
      const askedForHelp = ['commander.helpDisplayed', 'commander.version'].includes(error.code);
      return askedForHelp ? exitCodes.ok : exitCodes.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`loudwire: ${error.message}\n`);
      return exitCodes.usage;
    }
    process.stderr.write(
      `loudwire: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    // Not 1: a crash must never read as "some records were rejected" to a script checking the exit code.
    return exitCodes.unexpected;
  }
}
