import type { Command } from 'commander';
import { loadEnvironment } from '../../config/environment';
import { buildLedger, type DeliveryLogSource } from '../../ledger/build-ledger';
import { hasFindings } from '../../ledger/reconcile-deliveries';
import { integrations } from '../../integrations/registry';
import { systems } from '../../systems/registry';
import { connectSystems } from '../../systems/system-connections';
import { chooseFormat, chooseIntegration } from '../choose-integration';
import { renderLedger } from '../render-ledger';
import { parseSince } from '../since-option';
import { withTemporalClient } from '../temporal-connection';
import { exitCodes, UsageError } from '../usage-error';

interface LedgerOptions {
  since: string;
  integration?: string;
  format: string;
}

/** Registers `loudwire ledger`: did every event accepted in the window end somewhere? */
export function registerLedgerCommand(program: Command): void {
  program
    .command('ledger')
    .description(
      'Accounts for every event accepted since --since: written, updated, unchanged, duplicate, stale, ignored ' +
        'type, parked, skipped, awaiting approval … with the count of unaccounted events (must be 0) and the ' +
        'records behind open states; reconciles the delivery logs of sources that keep one. Exits 1 when an ' +
        'event is unaccounted or a delivery log disagrees.',
    )
    .option('-s, --since <window>', 'a duration back from now (24h, 90m, 7d) or an instant', '24h')
    .option('-i, --integration <name>', 'only this integration (and its source)')
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (options: LedgerOptions) => {
      const format = chooseFormat(options.format, ['text', 'json'] as const);
      const since = parseSince(options.since);
      const env = loadEnvironment();
      const chosen = options.integration ? chooseIntegration(options.integration) : undefined;
      if (chosen && chosen.trigger !== 'webhook') {
        throw new UsageError(`integration "${chosen.name}" runs on a schedule: it accepts no events`);
      }
      const inScope = integrations.filter((integration) => !chosen || integration.name === chosen.name);
      const sources = [...new Set(inScope.map((integration) => integration.source))];
      const connections = connectSystems(systems, env.systems, { timeoutMs: env.TARGET_HTTP_TIMEOUT });
      const deliveryLogs = sources.flatMap((source): DeliveryLogSource[] => {
        const connection = connections.entries().find(([name]) => name === source)?.[1];
        if (!connection?.webhookDeliveries) return [];
        const readDeliveries = connection.webhookDeliveries.bind(connection);
        const handled = new Set(
          inScope.filter((integration) => integration.source === source).flatMap((it) => it.eventTypes),
        );
        // With --integration, only its own event types; otherwise every type the source sent.
        return [{ source, readDeliveries, inScope: (type) => !chosen || handled.has(type) }];
      });
      const ledger = await withTemporalClient((client) =>
        buildLedger(client, {
          taskQueue: env.TEMPORAL_TASK_QUEUE,
          since,
          ...(chosen ? { integration: chosen.name } : {}),
          sources: chosen ? [] : sources,
          deliveryLogs,
        }),
      );
      process.stdout.write(format === 'json' ? `${JSON.stringify(ledger, null, 2)}\n` : renderLedger(ledger));
      if (ledger.unaccounted > 0 || ledger.reconciliation.some(hasFindings))
        process.exitCode = exitCodes.rejected;
    });
}
