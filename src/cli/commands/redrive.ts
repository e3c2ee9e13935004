import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { RedriveAction } from '../../workflows/record-sync-messages';
import { listParkedRecords, parkedQuery } from '../parked-records';
import { redriveRecords } from '../redrive-records';
import { incidentClause, renderRedrivePlan } from '../redrive-plan';
import { withTemporalClient } from '../temporal-connection';
import { exitCodes, UsageError } from '../usage-error';

interface RedriveCommandOptions {
  query?: string;
  all?: boolean;
  integration?: string;
  action: string;
  payload?: string;
  operator?: string;
  reason?: string;
  dryRun?: boolean;
  incident?: string;
  plan?: boolean;
  concurrency: string;
}

/** Registers `loudwire redrive`: sends retry (or skip, or a corrected payload) to parked records in bulk. */
export function registerRedriveCommand(program: Command): void {
  program
    .command('redrive')
    .description(
      'Send an operator decision to parked records: retry (after fixing the cause), skip, or retry-with-payload. ' +
        'Only parked records are touched; running it twice applies each decision once.',
    )
    .option('-q, --query <visibility query>', 'parked records matching this Temporal visibility query')
    .option('-a, --all', 'every parked record')
    .option('-i, --integration <name>', 'only this integration')
    .option('--incident <id>', 'the records parked on this incident (see loudwire incidents)')
    .option(
      '--plan',
      'print what the redrive would touch (each record, its class and reason), change nothing',
    )
    .option('--action <action>', 'retry, skip or retry-with-payload', RedriveAction.retry)
    .option(
      '--payload <file>',
      'JSON file with the corrected source payload (retry-with-payload, one record)',
    )
    .option('--operator <name>', 'who decides, recorded in the history (default: your user name)')
    .option('--reason <text>', 'why, recorded in the history')
    .option('--dry-run', 'list what would be redriven, change nothing')
    .option('--concurrency <n>', 'records redriven at once', '8')
    .action(async (options: RedriveCommandOptions) => {
      if (!options.all && !options.query && !options.incident)
        throw new UsageError('say which records: --incident ID, --query "<visibility query>" or --all');
      if (options.incident !== undefined && !options.incident.startsWith('incident:'))
        throw new UsageError(
          `"${options.incident}" is not an incident ID (they start with "incident:"; see loudwire incidents)`,
        );
      const action = parseAction(options.action);
      const payload = await readPayload(options, action);
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new UsageError('--concurrency must be a positive integer');
      const operator = options.operator ?? safeUserName();

      const summary = await withTemporalClient(async (client) => {
        const query = options.incident
          ? [incidentClause(options.incident), ...(options.query ? [`(${options.query})`] : [])].join(' AND ')
          : options.query;
        const records = await listParkedRecords(client, parkedQuery({ ...options, query }));
        if (options.plan) {
          process.stdout.write(renderRedrivePlan(records, { action, incident: options.incident, query }));
          return { accepted: 0, notApplicable: 0, failed: 0, total: records.length, planned: true };
        }
        if (payload !== undefined && records.length !== 1) {
          throw new UsageError(
            `--payload applies to exactly one record; the query matched ${records.length}`,
          );
        }
        process.stderr.write(`${records.length} parked record(s) match.\n`);
        if (options.dryRun) {
          for (const record of records) process.stdout.write(`would ${action}: ${record.workflowId}\n`);
          return { accepted: 0, notApplicable: 0, failed: 0, total: records.length };
        }
        const outcomes = await redriveRecords(client, records, {
          action,
          operator,
          reason: options.reason,
          payload,
          concurrency,
          onProgress: (done, total, outcome) =>
            process.stderr.write(
              `[${done}/${total}] ${outcome.workflowId}: ${outcome.verdict} — ${outcome.detail}\n`,
            ),
        });
        return {
          accepted: outcomes.filter((outcome) => outcome.verdict === 'accepted').length,
          notApplicable: outcomes.filter((outcome) => outcome.verdict === 'not-applicable').length,
          failed: outcomes.filter((outcome) => outcome.verdict === 'failed').length,
          total: records.length,
        };
      });
      if ('planned' in summary) return;
      process.stdout.write(
        `redrive ${action}: ${summary.accepted} accepted, ${summary.notApplicable} no longer parked, ` +
          `${summary.failed} failed, of ${summary.total}\n`,
      );
      if (summary.failed > 0) process.exitCode = exitCodes.rejected;
    });
}

function parseAction(value: string): RedriveAction {
  const actions = Object.values(RedriveAction) as string[];
  if (actions.includes(value)) return value as RedriveAction;
  throw new UsageError(`unknown action "${value}"; use one of: ${actions.join(', ')}`);
}

async function readPayload(options: RedriveCommandOptions, action: RedriveAction): Promise<unknown> {
  if (action !== RedriveAction.retryWithPayload) {
    if (options.payload) throw new UsageError('--payload goes with --action retry-with-payload');
    return undefined;
  }
  if (!options.payload) throw new UsageError('--action retry-with-payload needs --payload <file>');
  let text: string;
  try {
    text = await readFile(options.payload, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${options.payload}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as { data?: unknown; type?: unknown };
    // Accept the whole webhook envelope as well as its data.
    return parsed && typeof parsed === 'object' && 'data' in parsed && 'type' in parsed
      ? parsed.data
      : parsed;
  } catch (error) {
    throw new UsageError(`${options.payload} is not JSON: ${(error as Error).message}`);
  }
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}
