import type { Client } from '@temporalio/client';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logging/logger';
import { SyncStatus } from '../workflows/record-sync-messages';
import { integrationAttribute, syncStatusAttribute } from '../temporal/search-attributes';

export interface RecordStatusGaugeOptions {
  temporal: Client;
  integrations: readonly string[];
  registry: Registry;
  /** How long one set of visibility counts serves scrapes (METRICS_VISIBILITY_CACHE). */
  cacheMs: number;
  /** How long one refresh may wait for Temporal; a scrape never hangs on it. */
  deadlineMs: number;
  logger: Logger;
}

/**
 * `loudwire_records{integration,status}`: open record workflows per integration and LoudwireSyncStatus, counted
 * by Temporal visibility when Prometheus scrapes. Visibility can group counts by ExecutionStatus only, so it is
 * one count per integration and status, run together and cached for `cacheMs` so frequent scrapes (or several
 * Prometheus servers) cost the cluster one round per window. While Temporal cannot answer, the last counts stay.
 * `loudwire_open_incidents` is counted in the same round.
 */
export function registerRecordStatusGauge(
  options: RecordStatusGaugeOptions,
): Gauge<'integration' | 'status'> {
  let counted: { at: number; counts: Map<string, number>; openIncidents: number } | undefined;
  let refreshing: Promise<void> | undefined;
  const statuses = Object.values(SyncStatus);

  const refresh = async () => {
    const pairs = options.integrations.flatMap((integration) =>
      statuses.map((status) => ({ integration, status })),
    );
    const counts = new Map<string, number>();
    // An incident workflow runs while its incident is open and completes when it resolves (incident-workflow.ts).
    const openIncidents = options.temporal.workflow
      .count(`WorkflowType = 'incidentWorkflow' AND ExecutionStatus = 'Running'`)
      .then(({ count }) => count);
    await Promise.all(
      pairs.map(async ({ integration, status }) => {
        const query =
          `WorkflowType = 'recordSyncWorkflow' AND ExecutionStatus = 'Running' AND ` +
          `${integrationAttribute.name} = '${integration}' AND ${syncStatusAttribute.name} = '${status}'`;
        const { count } = await options.temporal.workflow.count(query);
        counts.set(`${integration}\u0000${status}`, count);
      }),
    );
    counted = { at: Date.now(), counts, openIncidents: await openIncidents };
  };
  const refreshIfOld = async () => {
    if (!counted || Date.now() - counted.at >= options.cacheMs) {
      refreshing ??= withDeadline(refresh(), options.deadlineMs).finally(() => (refreshing = undefined));
      await refreshing.catch((error: unknown) =>
        options.logger.warn({ error: String(error) }, 'metrics: record counts unavailable from Temporal'),
      );
    }
  };

  new Gauge({
    name: 'loudwire_open_incidents',
    help: 'Open incidents: records parked by one cause, alerted once (Temporal visibility count, cached briefly).',
    registers: [options.registry],
    async collect() {
      await refreshIfOld();
      if (counted) this.set(counted.openIncidents);
    },
  });

  return new Gauge({
    name: 'loudwire_records',
    help: 'Open record workflows per integration and sync status (Temporal visibility counts, cached briefly).',
    labelNames: ['integration', 'status'] as const,
    registers: [options.registry],
    async collect() {
      await refreshIfOld();
      this.reset();
      for (const [key, count] of counted?.counts ?? []) {
        const [integration = '', status = ''] = key.split('\u0000');
        this.set({ integration, status }, count);
      }
    },
  });
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
