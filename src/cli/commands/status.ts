import type { Command } from 'commander';
import { loadEnvironment } from '../../config/environment';
import { allIntegrations, findIntegration, integrations } from '../../integrations/registry';
import { declaredSchedules } from '../../schedules/declared-schedules';
import { chooseFormat } from '../choose-integration';
import { collectStatus } from '../integration-status';
import { renderStatus } from '../render-status';
import { withTemporalClient } from '../temporal-connection';
import { UsageError } from '../usage-error';

interface StatusOptions {
  integration?: string;
  format: string;
}

/** Registers `loudwire status`: how every integration is doing, on one screen, from Temporal. */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description(
      'Records by status (synced, parked by class, awaiting approval, skipped), events accepted and new ' +
        'records in the last hour and day, open incidents, schedules with their last and next run, and credential health — from Temporal, for this ' +
        "deployment's task queue.",
    )
    .option('-i, --integration <name>', 'only this integration (and its schedules)')
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (options: StatusOptions) => {
      const format = chooseFormat(options.format, ['text', 'json'] as const);
      const env = loadEnvironment();
      const chosen = options.integration ? findIntegration(options.integration) : undefined;
      if (options.integration && !chosen) {
        const known = allIntegrations.map((integration) => integration.name).join(', ');
        throw new UsageError(`unknown integration "${options.integration}"; known: ${known}`);
      }
      // Webhook-driven integrations have records to count; schedule-driven ones have their schedules' runs.
      const recordIntegrations = integrations
        .map((integration) => integration.name)
        .filter((name) => !chosen || name === chosen.name);
      const schedules = chosen ? (chosen.schedules?.(env) ?? []) : declaredSchedules(env);
      const status = await withTemporalClient((client) =>
        collectStatus(client, {
          integrations: recordIntegrations,
          schedules,
          namespace: env.TEMPORAL_NAMESPACE,
          taskQueue: env.TEMPORAL_TASK_QUEUE,
          scheduleIdPrefix: env.SCHEDULE_ID_PREFIX,
        }),
      );
      process.stdout.write(format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status));
    });
}
