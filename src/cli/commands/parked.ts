import type { Command } from 'commander';
import { listParkedRecords, parkedQuery, type ParkedRecord } from '../parked-records';
import { withTemporalClient } from '../temporal-connection';
import { chooseFormat } from '../choose-integration';

interface ParkedOptions {
  integration?: string;
  query?: string;
  format: string;
}

/** Registers `loudwire parked`: lists records waiting for an operator, with why. */
export function registerParkedCommand(program: Command): void {
  program
    .command('parked')
    .description('List parked records (sync status Parked) with their parked reason.')
    .option('-i, --integration <name>', 'only this integration')
    .option('-q, --query <visibility query>', 'narrow further with a Temporal visibility query')
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (options: ParkedOptions) => {
      const format = chooseFormat(options.format, ['text', 'json'] as const);
      const records = await withTemporalClient((client) => listParkedRecords(client, parkedQuery(options)));
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
        return;
      }
      if (records.length === 0) {
        process.stdout.write('No parked records.\n');
        return;
      }
      for (const record of records) {
        process.stdout.write(`${record.workflowId}\n  ${describeParkedReason(record)}\n`);
      }
      process.stdout.write(`${records.length} parked record(s). Redrive with: loudwire redrive --all\n`);
    });
}

/** `DestinationMismatch: billing — …`; records parked before the class was recorded carry it in the reason. */
function describeParkedReason(record: ParkedRecord): string {
  const reason = record.parkedReason ?? '(no reason recorded)';
  return record.parkedClass ? `${record.parkedClass}: ${reason}` : reason;
}
