import type { Command } from 'commander';
import { loadEnvironment } from '../../config/environment';
import { chooseFormat, chooseIntegration } from '../choose-integration';
import { readBaseline } from '../baseline-reader';
import { renderBaseline } from '../render-baseline';
import { withTemporalClient } from '../temporal-connection';
import { UsageError } from '../usage-error';

interface BaselineShowOptions {
  integration: string;
  format: string;
}

/** Registers `loudwire baseline show`: the learned baseline of an integration's records (predictive checks). */
export function registerBaselineCommand(program: Command): void {
  const baseline = program
    .command('baseline')
    .description(
      'An integration\'s learned baseline: what its normal records look like (README "Predictive checks").',
    );
  baseline
    .command('show')
    .description(
      'Print the baseline records are scored against: amount per currency (median, MAD), category mix, text ' +
        "shape, field presence, the near-duplicate index and open drift alerts — from Temporal, for this deployment's task queue.",
    )
    .requiredOption('-i, --integration <name>', 'integration whose baseline to show, e.g. client-onboarding')
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (options: BaselineShowOptions) => {
      const integration = chooseIntegration(options.integration);
      const format = chooseFormat(options.format, ['text', 'json'] as const);
      const env = loadEnvironment();
      if (integration.trigger !== 'webhook' || !integration.anomalyChecks?.(env)) {
        throw new UsageError(
          `${integration.name} has no predictive checks (none declared, or ANOMALY_CHECKS=off): it has no baseline`,
        );
      }
      const found = await withTemporalClient((client) =>
        readBaseline(client, integration.name, env.TEMPORAL_TASK_QUEUE),
      );
      if (!found) {
        process.stdout.write(
          `No baseline of ${integration.name} on task queue ${env.TEMPORAL_TASK_QUEUE} yet: it starts with the ` +
            'first record scored.\n',
        );
        return;
      }
      process.stdout.write(
        format === 'json'
          ? `${JSON.stringify({ workflowId: found.workflowId, ...found.summary }, null, 2)}\n`
          : renderBaseline(integration.name, found.workflowId, found.summary),
      );
    });
}
