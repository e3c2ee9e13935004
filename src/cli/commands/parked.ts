import type { Command } from 'commander';
import { listParkedRecords, parkedQuery } from '../parked-records';
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
        process.stdout.write(`${record.workflowId}\n  ${record.parkedReason ?? '(no reason recorded)'}\n`);
      }
      process.stdout.write(`${records.length} parked record(s). Redrive with: loudwire redrive --all\n`);
    });
}
