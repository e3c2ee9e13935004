import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { History } from '../../temporal/replay-history';
import { withTemporalClient } from '../temporal-connection';
import { exitCodes, UsageError } from '../usage-error';

interface ReplayCommandOptions {
  workflowId?: string;
  workflows?: string;
  runId?: string;
  debug?: boolean;
  inspectPort: string;
}

// Set in the re-executed process: it already runs under the inspector.
const underDebuggerVariable = 'LOUDWIRE_REPLAY_UNDER_DEBUGGER';

/** Registers `loudwire replay`: replays a history against the local workflow code. */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      'Replay a workflow history against the local workflow code: says "replays cleanly", or where the code ' +
        'diverges (the command and the event that differ). FILE is the JSON the Web UI downloads (Encoded).',
    )
    .argument('[file]', 'history JSON downloaded from the Web UI (or `temporal workflow show --output json`)')
    .option('-w, --workflow-id <id>', 'fetch the history of this workflow from Temporal instead')
    .option('--run-id <id>', 'with --workflow-id: this run, not the latest')
    .option(
      '--workflows <path>',
      'replay against this workflow entry point instead of src/workflows/index.ts (e.g. a branch checked out elsewhere)',
    )
    .option(
      '--debug',
      "run under Node's inspector, paused at start: attach (chrome://inspect or your editor), set a breakpoint " +
        'in src/workflows, continue; workflow code runs without the deadlock timeout',
    )
    .option('--inspect-port <port>', 'inspector port with --debug', '9229')
    .action(async (file: string | undefined, options: ReplayCommandOptions) => {
      if (Boolean(file) === Boolean(options.workflowId))
        throw new UsageError('give either a history FILE or --workflow-id ID');
      if (options.runId && !options.workflowId) throw new UsageError('--run-id needs --workflow-id');
      if (options.workflows && !existsSync(options.workflows))
        throw new UsageError(`--workflows: no such file ${options.workflows}`);
      if (options.debug && !process.env[underDebuggerVariable]) {
        process.exitCode = await rerunUnderInspector(options.inspectPort);
        return;
      }

      // Loaded here, not at start: the worker SDK (and the bundler behind it) would make every other command slow.
      const [{ DefaultLogger, makeTelemetryFilterString, Runtime }, replaying] = await Promise.all([
        import('@temporalio/worker'),
        import('../../temporal/replay-history'),
      ]);
      const { fetchWorkflowHistory, readHistoryFile, replayHistory, UnreplayableHistoryError } = replaying;
      let history: History;
      try {
        history = file
          ? await readHistoryFile(file)
          : await withTemporalClient((client) =>
              fetchWorkflowHistory(client, options.workflowId!, options.runId),
            );
      } catch (error) {
        if (error instanceof UnreplayableHistoryError) throw new UsageError(error.message);
        if ((error as Error).name === 'WorkflowNotFoundError')
          throw new UsageError(`no workflow "${options.workflowId}" in this namespace`);
        throw error;
      }
      // webpack's build report and the SDK's replay chatter (every divergence it is shown while locating one) are
      // noise here: only the verdict matters.
      Runtime.install({
        logger: new DefaultLogger('ERROR'),
        telemetryOptions: {
          logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) },
        },
      });
      process.stderr.write(
        `Replaying ${history.events?.length ?? 0} events against ${options.workflows ?? 'src/workflows'}…\n`,
      );
      const outcome = await replayHistory({
        history,
        ...(options.workflowId ? { workflowId: options.workflowId } : {}),
        ...(options.workflows ? { workflowsPath: resolve(options.workflows) } : {}),
      });
      if (!outcome.divergence) {
        process.stdout.write(
          `${outcome.workflowId} (${outcome.workflowType}, ${outcome.events} events): replays cleanly\n`,
        );
        return;
      }
      const { divergence } = outcome;
      const at = divergence.eventId ? `at event ${divergence.eventId}` : 'somewhere in the history';
      process.stdout.write(
        `${outcome.workflowId} (${outcome.workflowType}, ${outcome.events} events): DIVERGES ${at}\n` +
          `  history: ${divergence.eventType ?? '?'}${divergence.eventDetail ? ` (${divergence.eventDetail})` : ''}\n` +
          `  code:    ${divergence.codeCommands?.join(', ') ?? '(no command: the code stopped short of this event)'}\n` +
          `  SDK:     ${divergence.message}\n` +
          '  The local workflow code no longer makes the decision this history recorded there, so open records like ' +
          'this one would fail to replay: guard the change with patched(), or keep the old path.\n',
      );
      process.exitCode = exitCodes.rejected;
    });
}

/**
 * Runs the same command again in a Node paused under the inspector. TEMPORAL_DEBUG makes the SDK run workflow
 * code on the main thread without its deadlock timeout, so a breakpoint in workflow code stops and stays.
 */
function rerunUnderInspector(port: string): Promise<number> {
  const args = process.argv.slice(1);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--inspect-brk=127.0.0.1:${port}`, ...args], {
      stdio: 'inherit',
      env: { ...process.env, [underDebuggerVariable]: '1', TEMPORAL_DEBUG: '1' },
    });
    process.stderr.write(
      `Paused under the inspector on 127.0.0.1:${port}: attach (chrome://inspect, or your editor's "attach"), ` +
        'set a breakpoint in src/workflows/…, then continue.\n',
    );
    child.once('exit', (code) => resolve(code ?? exitCodes.unexpected));
  });
}
