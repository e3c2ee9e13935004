import { Command, CommanderError } from 'commander';
import { exitCodes, exitCodesHelp, UsageError } from './usage-error';

/**
 * Each command in its own file under ./commands, loaded only when it runs: a command's module brings its own
 * dependencies (the worker's replayer, tracing, TypeScript tooling), and loading every one of them made each
 * command pay seconds of start-up for all the others (`loudwire status` mostly waited for modules it never uses).
 * Adding a command is a file plus one line here.
 */
const commandModules: Record<string, () => Promise<(program: Command) => void>> = {
  mappings: async () => (await import('./commands/mappings')).registerMappingsCommand,
  'dry-run': async () => (await import('./commands/dry-run')).registerDryRunCommand,
  parked: async () => (await import('./commands/parked')).registerParkedCommand,
  redrive: async () => (await import('./commands/redrive')).registerRedriveCommand,
  incidents: async () => (await import('./commands/incidents')).registerIncidentsCommand,
  schedules: async () => (await import('./commands/schedules')).registerSchedulesCommand,
  status: async () => (await import('./commands/status')).registerStatusCommand,
  ledger: async () => (await import('./commands/ledger')).registerLedgerCommand,
  capture: async () => (await import('./commands/capture')).registerCaptureCommand,
  replay: async () => (await import('./commands/replay')).registerReplayCommand,
  new: async () => (await import('./commands/new')).registerNewCommand,
  baseline: async () => (await import('./commands/baseline')).registerBaselineCommand,
};

/**
 * The `loudwire` program with the command `argv` names, or with every command (for help, or an unknown name
 * commander must report with the known ones).
 */
export async function createProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('loudwire')
    .description('Loudwire: business integrations as durable Temporal workflows that never fail silently.')
    // Usage errors must exit 2 (not commander's default 1, which means "records were rejected").
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `\n${exitCodesHelp}`);
  const named = argv[2];
  const chosen =
    named !== undefined && Object.hasOwn(commandModules, named) ? [named] : Object.keys(commandModules);
  const registrations = await Promise.all(chosen.map((name) => commandModules[name]!()));
  for (const register of registrations) register(program);
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
    await (await createProgram(argv)).parseAsync([...argv]);
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
