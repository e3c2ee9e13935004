import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { toApplicationFailure } from '../activities/target-failure-to-application-failure';
import { systemRetryPolicy, targetRetryPolicy } from '../activities/retry-policies';
import type { LoudwireEnvironment } from '../config/environment';
import type { BatchIntegrationDefinition } from '../integrations/integration';
import type { Logger } from '../logging/logger';
import type { SystemConnections } from '../systems/system-connections';
import type { BatchIntegration, CallOptions } from './batch-integration';
import type {
  BatchSyncSettings,
  ExtractedPages,
  ExtractPagesInput,
  ReconcileInput,
  ReconciliationReport,
  WriteRowsInput,
  WriteRowsResult,
} from './batch-sync-types';
import { mapIntoRows } from './map-source-records';
import { mergeRows, sortedRows } from './row-aggregation';
import { reconcileWindow } from './reconcile-window';

export interface BatchActivityDependencies {
  env: LoudwireEnvironment;
  logger: Logger;
  /** The schedule-driven integrations (src/integrations/registry.ts). */
  integrations: readonly BatchIntegrationDefinition[];
  /** Every system, connected once: batch reads and writes use the same clients as everything else. */
  connections: SystemConnections;
}

/** The batch sync's activities, built from their dependencies like `createActivities`. */
export function createBatchActivities({ env, logger, integrations, connections }: BatchActivityDependencies) {
  const runtimes = new Map<string, BatchIntegration>();
  const declarationNamed = (name: string): BatchIntegrationDefinition => {
    const declaration = integrations.find((integration) => integration.name === name);
    if (!declaration) {
      throw ApplicationFailure.nonRetryable(`Unknown batch integration "${name}"`, 'UnknownIntegration');
    }
    return declaration;
  };
  // Built on first use, once per worker: a runtime may cache what it learns (e.g. project links).
  const integrationNamed = (name: string): BatchIntegration => {
    let runtime = runtimes.get(name);
    if (!runtime) {
      runtime = declarationNamed(name).connect(connections, env, logger.child({ integration: name }));
      runtimes.set(name, runtime);
    }
    return runtime;
  };

  return {
    /** Local activity: settings and the integration's row aggregation, recorded once per run. */
    async readBatchSyncSettings(input: { integration: string }): Promise<BatchSyncSettings> {
      const declaration = declarationNamed(input.integration);
      const integration = integrationNamed(input.integration);
      return {
        aggregation: integration.aggregation,
        pageSize: env.BATCH_PAGE_SIZE,
        pagesPerActivity: env.BATCH_PAGES_PER_ACTIVITY,
        pagesPerRun: env.BATCH_PAGES_PER_RUN,
        writeBatchSize: env.BATCH_WRITE_SIZE,
        heartbeatTimeoutMs: env.BATCH_HEARTBEAT_TIMEOUT,
        // A page call may refresh a token and retry once; a multi-page call makes several.
        activityTimeoutMs:
          (env.TARGET_HTTP_TIMEOUT * 3 + 1_000) * Math.max(2, env.BATCH_PAGES_PER_ACTIVITY * 2),
        // The integration's own systems: the source's retry settings for reads, the target's for writes.
        sourceRetry: systemRetryPolicy(env, declaration.source),
        destinationRetry: targetRetryPolicy(env, declaration, integration.target),
        sampleSize: env.RECONCILIATION_SAMPLE_SIZE,
        continueAsNewAfterEvents: env.CONTINUE_AS_NEW_AFTER_EVENTS,
      };
    },

    /**
     * Reads up to `maxPages` pages from the cursor, maps every record and folds the bodies into rows. After each
     * page it heartbeats its progress (cursor, rows so far): a retried attempt — after a 500, a timeout or a worker
     * restart — resumes after the last page it finished instead of reading the window again.
     */
    async extractSourcePages(input: ExtractPagesInput): Promise<ExtractedPages> {
      const context = Context.current();
      const integration = integrationNamed(input.integration);
      const resumed = context.info.heartbeatDetails as ExtractedPages | undefined;
      const rows = new Map<string, Record<string, unknown>>();
      mergeRows(integration.aggregation, rows, resumed?.rows ?? []);
      const progress: ExtractedPages = {
        rows: [],
        rejects: resumed?.rejects ?? [],
        rejectedCount: resumed?.rejectedCount ?? 0,
        recordsRead: resumed?.recordsRead ?? 0,
        pagesRead: resumed?.pagesRead ?? 0,
        nextCursor: resumed ? resumed.nextCursor : input.cursor,
        resumedAfterPages: resumed?.pagesRead ?? 0,
      };
      const log = logger.child({
        workflowId: context.info.workflowExecution?.workflowId,
        integration: input.integration,
        activity: 'extractSourcePages',
      });
      if (resumed)
        log.info({ pagesRead: resumed.pagesRead, attempt: context.info.attempt }, 'resuming from heartbeat');
      const options = callOptions(context);
      try {
        while (
          progress.pagesRead < input.maxPages &&
          (progress.pagesRead === 0 || progress.nextCursor !== null)
        ) {
          const page = await integration.readSourcePage(
            input.window,
            progress.nextCursor,
            input.pageSize,
            options,
          );
          mapIntoRows(integration, page.items, rows, (rejected) => {
            progress.rejectedCount += 1;
            if (progress.rejects.length < input.sampleSize) progress.rejects.push(rejected);
          });
          progress.recordsRead += page.items.length;
          progress.pagesRead += 1;
          progress.nextCursor = page.nextCursor;
          progress.rows = sortedRows(rows);
          context.heartbeat(progress);
          if (page.nextCursor === null) break;
        }
      } catch (error) {
        throw asActivityFailure(error, context);
      }
      log.info(
        { pagesRead: progress.pagesRead, recordsRead: progress.recordsRead },
        'source pages extracted',
      );
      return { ...progress, rows: sortedRows(rows) };
    },

    /** Writes one batch of rows; each row's own idempotency key makes retries and reruns store nothing twice. */
    async writeDestinationRows(input: WriteRowsInput): Promise<WriteRowsResult> {
      const context = Context.current();
      const integration = integrationNamed(input.integration);
      try {
        const outcomes = await integration.writeRows(input.rows, input.batchKey, callOptions(context));
        const refused = outcomes.flatMap((outcome) =>
          outcome.status === 'refused' ? [{ key: outcome.key, reason: outcome.reason ?? 'refused' }] : [],
        );
        if (refused.length > 0) {
          logger.warn(
            { workflowId: context.info.workflowExecution?.workflowId, refused: refused.length },
            'destination refused rows',
          );
        }
        return {
          created: outcomes.filter((outcome) => outcome.status === 'created').length,
          duplicates: outcomes.filter((outcome) => outcome.status === 'duplicate').length,
          refused,
        };
      } catch (error) {
        throw asActivityFailure(error, context);
      }
    },

    /**
     * The source row count of the latest successful run started by the same schedule, for the empty-source check.
     * Asked of Temporal's visibility store, because the server does not hand scheduled runs `lastResult`.
     */
    async findPreviousScheduledRun(input: {
      scheduleId: string;
    }): Promise<{ workflowId: string; sourceRows: number } | undefined> {
      const { client } = Context.current();
      const query = `TemporalScheduledById = '${input.scheduleId.replace(/'/g, "\\'")}' AND ExecutionStatus = 'Completed'`;
      let latest: { workflowId: string; runId: string; closedAt: number } | undefined;
      let scanned = 0;
      for await (const execution of client.workflow.list({ query })) {
        const closedAt = execution.closeTime?.getTime() ?? 0;
        if (!latest || closedAt > latest.closedAt) {
          latest = { workflowId: execution.workflowId, runId: execution.runId, closedAt };
        }
        if ((scanned += 1) >= 100) break;
      }
      if (!latest) return undefined;
      const result = (await client.workflow.getHandle(latest.workflowId, latest.runId).result()) as {
        sourceRows?: unknown;
      };
      return typeof result?.sourceRows === 'number'
        ? { workflowId: latest.workflowId, sourceRows: result.sourceRows }
        : undefined;
    },

    /** Re-reads the source and reads the destination back for the window, and compares them (see reconcileWindow). */
    async reconcileSyncWindow(input: ReconcileInput): Promise<ReconciliationReport> {
      const context = Context.current();
      const integration = integrationNamed(input.integration);
      try {
        let pages = 0;
        const report = await reconcileWindow(integration, input.window, {
          ...callOptions(context),
          pageSize: input.pageSize,
          sampleSize: input.sampleSize,
          onPage: () => context.heartbeat({ pages: (pages += 1) }),
        });
        logger.info(
          {
            workflowId: context.info.workflowExecution?.workflowId,
            integration: input.integration,
            matched: report.matched,
            sourceRows: report.source.rows,
            destinationRows: report.destination.rows,
          },
          'reconciled',
        );
        return report;
      } catch (error) {
        throw asActivityFailure(error, context);
      }
    },
  };
}

export type BatchActivities = ReturnType<typeof createBatchActivities>;

function callOptions(context: Context): CallOptions {
  return { signal: context.cancellationSignal };
}

/** A cancelled attempt (worker shutdown) stays a cancellation, so Temporal retries it; vendor failures are classified. */
function asActivityFailure(error: unknown, context: Context): unknown {
  if (context.cancellationSignal.aborted) {
    return error instanceof CancelledFailure
      ? error
      : new CancelledFailure(String(context.cancellationSignal.reason ?? 'cancelled'));
  }
  return toApplicationFailure(error);
}
