import type { Command } from 'commander';
import { loadEnvironment } from '../../config/environment';
import { applySchedules } from '../../schedules/apply-schedules';
import { declaredSchedules } from '../../schedules/declared-schedules';
import { describeSchedules } from '../../schedules/describe-schedules';
import { chooseFormat } from '../choose-integration';
import { withTemporalClient } from '../temporal-connection';

/** Registers `loudwire schedules apply` and `loudwire schedules list`. */
export function registerSchedulesCommand(program: Command): void {
  const schedules = program
    .command('schedules')
    .description('Temporal Schedules declared in code (integrations and system jobs).');

  schedules
    .command('apply')
    .description('Create or update every declared schedule on the server; running it twice changes nothing.')
    .action(async () => {
      const env = loadEnvironment();
      const applied = await withTemporalClient((client) =>
        applySchedules(client, declaredSchedules(env), {
          taskQueue: env.TEMPORAL_TASK_QUEUE,
          idPrefix: env.SCHEDULE_ID_PREFIX,
        }),
      );
      for (const { scheduleId, outcome } of applied)
        process.stdout.write(`${outcome.padEnd(9)} ${scheduleId}\n`);
    });

  schedules
    .command('list')
    .description('Show each declared schedule: when it runs, its policies, its state and its next run times.')
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (options: { format: string }) => {
      const format = chooseFormat(options.format, ['text', 'json'] as const);
      const env = loadEnvironment();
      const statuses = await withTemporalClient((client) =>
        describeSchedules(client, declaredSchedules(env), env.SCHEDULE_ID_PREFIX),
      );
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
        return;
      }
      for (const status of statuses) {
        process.stdout.write(
          [
            `${status.scheduleId} (${status.state}${status.note ? `: ${status.note}` : ''})`,
            `  ${status.description}`,
            `  runs ${status.workflowType} at ${status.when} (${status.timeZone}); overlap ${status.overlap}, catch-up ${status.catchupWindow}`,
            `  next: ${status.nextRuns.length > 0 ? status.nextRuns.join(', ') : '—'}`,
            ...(status.lastRun
              ? [`  last: ${status.lastRun.scheduledAt} → ${status.lastRun.workflowId}`]
              : []),
            `  why: ${status.rationale}`,
            '',
          ].join('\n'),
        );
      }
    });
}
