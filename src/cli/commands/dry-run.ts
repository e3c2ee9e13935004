import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { AnyIntegration } from '../../integrations/integration';
import { runMapping } from '../../mapping/run-mapping';
import { chooseFormat, chooseIntegration } from '../choose-integration';
import {
  emptyTotals,
  formatRecordText,
  formatTotalsText,
  RecordStatus,
  type DryRunTotals,
  type RecordReport,
} from '../dry-run-report';
import { loadDryRunScorer, type DryRunScorer } from '../dry-run-scoring';
import { readSourceRecords, type SourceRecordEntry } from '../read-source-records';
import { unwrapEnvelope } from '../source-envelope';
import { exitCodes, UsageError } from '../usage-error';
import { writeOutput } from '../write-output';

interface DryRunOptions {
  integration: string;
  format: string;
  showTargets?: boolean;
  score?: boolean;
}

/** Progress is reported every this many records, on large files or when stderr is a terminal. */
const progressEvery = 1000;
/** Files at least this large count as large: progress is worth printing even into a log. */
const largeFileBytes = 5 * 1024 * 1024;

const help = `
Input: a JSON array of records, or NDJSON (one JSON value per line). Each record is either the full webhook
envelope {"type":"deal.won","timestamp":"…","data":{…}} or the bare data {"deal":{…},"company":{…},"contact":…}.
An integration that looks references up before mapping reads them under "lookup" in the data (a dry run
looks nothing up); a schedule-driven integration reads one source record per line, as its reader builds it.
Envelopes whose type the integration does not handle are reported as ignored.

Each record is reported as ok, ok with warnings, rejected (with field and reason) or unreadable (invalid JSON,
with its line number), followed by totals. Nothing is written anywhere. With --score, each mapped record also
gets its anomaly score and reasons against the integration's current baseline, read once from Temporal (the
dry run teaches the baseline nothing): HELD marks a record production would hold for approval.

Exit codes: 0 nothing rejected, 1 at least one record rejected or unreadable, 2 usage error, 3 unexpected failure (a crash; the report is incomplete).

Examples:
  loudwire dry-run --integration client-onboarding payloads.ndjson
  loudwire dry-run -i client-onboarding --format json payloads.json > report.ndjson
  loudwire dry-run -i client-onboarding --score payloads.ndjson`;

/** Registers `loudwire dry-run`: runs the real mapping and validation over a file of payloads, writing nothing. */
export function registerDryRunCommand(program: Command): void {
  program
    .command('dry-run')
    .description(
      'Map a file of source payloads and report, per record, ok / warnings / rejected — without writing.',
    )
    .requiredOption('-i, --integration <name>', 'integration whose mapping to run, e.g. client-onboarding')
    .option('-f, --format <format>', 'text, or json (one JSON object per record, then a summary)', 'text')
    .option('--show-targets', 'text format: also print the body each target would receive')
    .option('--score', "also score each record against the integration's current baseline (reads Temporal)")
    .argument('<file>', 'JSON array or NDJSON file of source payloads')
    .addHelpText('after', help)
    .action(async (file: string, options: DryRunOptions) => {
      const integration = chooseIntegration(options.integration);
      const format = chooseFormat(options.format, ['text', 'json'] as const);
      const size = await fileSize(file);
      const scoring = options.score ? await loadDryRunScorer(integration) : undefined;
      if (scoring) process.stderr.write(`dry-run: ${scoring.note}\n`);
      const totals = await dryRun(integration, file, {
        format,
        showTargets: options.showTargets === true,
        ...(scoring ? { scorer: scoring.scorer } : {}),
        showProgress: process.stderr.isTTY === true || size >= largeFileBytes,
      });
      process.exitCode = totals.rejected + totals.unreadable > 0 ? exitCodes.rejected : exitCodes.ok;
    });
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`${file} is not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

interface DryRunSettings {
  format: 'text' | 'json';
  showTargets: boolean;
  showProgress: boolean;
  scorer?: DryRunScorer;
}

async function dryRun(
  integration: AnyIntegration,
  file: string,
  settings: DryRunSettings,
): Promise<DryRunTotals> {
  const totals = emptyTotals();
  for await (const entry of readSourceRecords(file)) {
    const report = reportRecord(integration, entry, settings.scorer);
    totals.records += 1;
    totals[report.status] += 1;
    if (settings.format === 'json') {
      await writeOutput(`${JSON.stringify(report)}\n`);
    } else {
      await writeOutput(`${formatRecordText(report, settings.showTargets).join('\n')}\n`);
    }
    if (settings.showProgress && totals.records % progressEvery === 0) {
      process.stderr.write(
        `dry-run: ${totals.records} records, ${totals.rejected + totals.unreadable} failed so far\n`,
      );
    }
  }
  if (settings.format === 'json') await writeOutput(`${JSON.stringify({ summary: totals })}\n`);
  else await writeOutput(`${formatTotalsText(totals)}\n`);
  return totals;
}

function reportRecord(
  integration: AnyIntegration,
  entry: SourceRecordEntry,
  scorer?: DryRunScorer,
): RecordReport {
  const base = { record: entry.index, ...(entry.line === undefined ? {} : { line: entry.line }) };
  if ('unreadable' in entry) {
    return {
      ...base,
      status: RecordStatus.unreadable,
      reasons: [{ field: '(record)', code: 'unreadable', reason: entry.unreadable }],
      warnings: [],
      unmappedSourceFields: [],
    };
  }
  const { type, data } = unwrapEnvelope(entry.value);
  const identity = integration.trigger === 'webhook' ? integration.identify(data) : undefined;
  const keyed = { ...base, ...(identity ? { recordKey: identity.recordKey } : {}) };
  const eventTypes =
    integration.trigger === 'webhook' ? integration.eventTypes : integration.mapping.source.eventTypes;
  if (type !== undefined && !eventTypes.includes(type)) {
    return {
      ...keyed,
      status: RecordStatus.ignored,
      reasons: [],
      warnings: [
        {
          field: 'type',
          code: 'event_type_not_handled',
          reason: `${integration.name} handles ${eventTypes.join(', ')}, not ${JSON.stringify(type.slice(0, 60))}`,
        },
      ],
      unmappedSourceFields: [],
    };
  }
  // Batch integrations map each source record with the same mapping layer; webhook ones with their own `map`.
  const outcome =
    integration.trigger === 'webhook' ? integration.map(data) : runMapping(integration.mapping, data);
  if (outcome.status === 'rejected') {
    return {
      ...keyed,
      status: RecordStatus.rejected,
      reasons: outcome.reasons,
      warnings: outcome.warnings,
      unmappedSourceFields: outcome.unmappedSourceFields,
    };
  }
  return {
    ...keyed,
    status: outcome.warnings.length > 0 ? RecordStatus.okWithWarnings : RecordStatus.ok,
    reasons: [],
    warnings: outcome.warnings,
    unmappedSourceFields: outcome.unmappedSourceFields,
    targets: outcome.targets,
    ...(scorer ? { anomaly: scorer(keyed.recordKey ?? `record-${entry.index}`, outcome.canonical) } : {}),
  };
}
