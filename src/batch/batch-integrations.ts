import type { LoudwireEnvironment } from '../config/environment';
import { createBillableHoursIntegration } from '../integrations/billable-hours';
import type { Logger } from '../logging/logger';
import type { BatchIntegration } from './batch-integration';

/** Every batch integration the worker runs, by name. Adding one is a folder under src/integrations plus one line. */
export function createBatchIntegrations(
  env: LoudwireEnvironment,
  logger?: Logger,
): ReadonlyMap<string, BatchIntegration> {
  const all = [createBillableHoursIntegration(env, logger)];
  return new Map(all.map((integration) => [integration.name, integration]));
}
