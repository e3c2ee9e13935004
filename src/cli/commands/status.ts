import type { Command } from 'commander';
import { loadEnvironment } from '../../config/environment';
import { integrations } from '../../integrations/registry';
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
      'Records by status (synced, parked by class, awaiting approval, skipped), new records in the last hour ' +
        'and day, schedules with their last and next run, and credential health — from Temporal, for this ' +
        "deployment's task queue.",
    )
    .option('-i, --integration <name>', 'only this integration (and its schedules)')
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (options: StatusOptions) => {
      const format = chooseFormat(options.format, ['text', 'json'] as const);
      const env = loadEnvironment();
      const schedules = declaredSchedules(env);
      const recordIntegrations = integrations.map((integration) => integration.name);
      // Batch integrations have schedules, not records: a schedule belongs to the integration its ID starts with.
      const ownsSchedule = (name: string) =>
        schedules.filter((schedule) => schedule.id.startsWith(`${name}-`));
      if (
        options.integration &&
        !recordIntegrations.includes(options.integration) &&
        ownsSchedule(options.integration).length === 0
      ) {
        const known = [
          ...new Set([
            ...recordIntegrations,
            ...schedules.map((schedule) => schedule.id.replace(/-[^-]+$/, '')),
          ]),
        ];
        throw new UsageError(`unknown integration "${options.integration}"; known: ${known.join(', ')}`);
      }
      const status = await withTemporalClient((client) =>
        collectStatus(client, {
          integrations: options.integration
            ? recordIntegrations.filter((name) => name === options.integration)
            : recordIntegrations,
          schedules: options.integration ? ownsSchedule(options.integration) : schedules,
          namespace: env.TEMPORAL_NAMESPACE,
          taskQueue: env.TEMPORAL_TASK_QUEUE,
          scheduleIdPrefix: env.SCHEDULE_ID_PREFIX,
        }),
      );
      process.stdout.write(format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status));
    });
}
