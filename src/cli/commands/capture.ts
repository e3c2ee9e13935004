import { randomBytes } from 'node:crypto';
import { rename, stat, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadEnvironment } from '../../config/environment';
import { readAcceptedEvents } from '../../capture/read-accepted-events';
import { ShapeKeepingFaker } from '../../capture/shape-keeping-faker';
import { readRecordEventLogs } from '../../ledger/record-event-logs';
import { chooseIntegration } from '../choose-integration';
import { parseSince } from '../since-option';
import { withTemporalClient } from '../temporal-connection';
import { UsageError } from '../usage-error';

interface CaptureOptions {
  integration: string;
  since: string;
  out: string;
  seed?: string;
  force?: boolean;
}

/** Histories are read this many records at a time: fast, and gentle with the server's rate limits. */
const recordsReadAtOnce = 8;

const help = `
Output: NDJSON, one webhook envelope per accepted event ({"type","timestamp","data"}), oldest first — the input
\`loudwire dry-run\` and the integration fixture tests read. Redeliveries are left out. Personal values are
replaced by fakes that keep their shape (length, script, format, a phone's country; ids, amounts and dates keep
their format; dates move by one shift per capture), the same value always by the same fake, so records still
relate. Vocabulary fields (type, status, currency, country …) are kept.

Example (README, "Deploying a change"):
  loudwire capture --integration client-onboarding --since 24h --out captured.ndjson
  loudwire dry-run --integration client-onboarding captured.ndjson`;

/** Registers `loudwire capture`: production shapes, without production's personal values, for a dry run. */
export function registerCaptureCommand(program: Command): void {
  program
    .command('capture')
    .description(
      'Export the payloads of events an integration accepted (from Temporal, decrypted), with personal values ' +
        'replaced by shape-keeping fakes, ready for `loudwire dry-run` and the fixture tests.',
    )
    .requiredOption('-i, --integration <name>', 'integration whose accepted events to export')
    .option('-s, --since <window>', 'a duration back from now (24h, 90m, 7d) or an instant', '24h')
    .requiredOption('-o, --out <file>', 'NDJSON file to write')
    .option(
      '--seed <text>',
      'fake the same way as an earlier capture with this seed (default: a fresh random key)',
    )
    .option('--force', 'overwrite the output file if it exists')
    .addHelpText('after', help)
    .action(async (options: CaptureOptions) => {
      const integration = chooseIntegration(options.integration);
      if (integration.trigger !== 'webhook') {
        throw new UsageError(`integration "${integration.name}" runs on a schedule: it accepts no events`);
      }
      const since = parseSince(options.since);
      if (!options.force && (await stat(options.out).catch(() => undefined))) {
        throw new UsageError(`${options.out} exists; choose another --out or pass --force`);
      }
      const env = loadEnvironment();
      const faker = new ShapeKeepingFaker(options.seed ? Buffer.from(options.seed, 'utf8') : randomBytes(32));
      const progress = (line: string) => process.stderr.write(`${line}\n`);

      const lines = await withTemporalClient(async (client) => {
        progress(`Listing ${integration.name} records with events accepted since ${since.toISOString()}…`);
        const records = await readRecordEventLogs(client, {
          taskQueue: env.TEMPORAL_TASK_QUEUE,
          since,
          integration: integration.name,
        });
        progress(`${records.length} record(s); reading their histories…`);
        const envelopes: { occurredAt: string; line: string }[] = [];
        let read = 0;
        for (let start = 0; start < records.length; start += recordsReadAtOnce) {
          const batch = records.slice(start, start + recordsReadAtOnce);
          const events = await Promise.all(batch.map((record) => readAcceptedEvents(client, record, since)));
          for (const event of events.flat()) {
            // The envelope's time moves with the payload's dates (it is the deal's won time, to the millisecond).
            const timestamp = faker.fake(event.occurredAt, 'timestamp') as string;
            const envelope = { type: event.type, timestamp, data: faker.fake(event.payload) };
            envelopes.push({ occurredAt: event.occurredAt, line: JSON.stringify(envelope) });
          }
          read += batch.length;
          if (read === records.length || read % 100 < recordsReadAtOnce) {
            progress(`  ${read}/${records.length} records, ${envelopes.length} event(s)`);
          }
        }
        envelopes.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
        return envelopes.map((envelope) => envelope.line);
      });
      // Written whole and renamed into place: a capture that stops half-way leaves no half a file behind.
      const partial = `${options.out}.partial`;
      await writeFile(partial, lines.length > 0 ? `${lines.join('\n')}\n` : '', 'utf8');
      await rename(partial, options.out);
      progress(`Wrote ${lines.length} event(s) to ${options.out}, personal values faked.`);
      if (lines.length === 0) progress('Nothing was accepted in the window: the file is empty.');
    });
}
