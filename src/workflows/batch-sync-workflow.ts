import { redactAlertRequest } from '../alerts/redact-alert-request';
import {
  ActivityFailure,
  ApplicationFailure,
  continueAsNew,
  log,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { LoudwireActivities } from '../activities/create-activities';
import { AlertClass } from '../alerts/alert';
import type { DestinationRow } from '../batch/batch-integration';
import type { BatchActivities } from '../batch/create-batch-activities';
import type {
  BatchRetryPolicy,
  BatchSyncSettings,
  ReconciliationReport,
  RowCorrection,
} from '../batch/batch-sync-types';
import { mergeRows, sortedRows } from '../batch/row-aggregation';
import { daysBefore, describeWindow, type SyncWindow } from '../batch/sync-window';
import { alertActivityOptions } from './alert-activity-options';
import {
  batchSyncProgressQuery,
  BatchSyncPhase,
  type BatchSyncCarriedState,
  type BatchSyncInput,
  type BatchSyncProgress,
  type BatchSyncResult,
} from './batch-sync-messages';

const { readBatchSyncSettings } = proxyLocalActivities<BatchActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3 },
});
const { sendAlert } = proxyActivities<LoudwireActivities>(alertActivityOptions);

/** Set by Temporal on every workflow a Schedule starts: the time the run was due. */
const scheduledStartTime = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);
/** Set by Temporal on every workflow a Schedule starts: the schedule's ID. */
const scheduledById = defineSearchAttributeKey('TemporalScheduledById', SearchAttributeType.KEYWORD);

/** Thrown (as the workflow's failure) when a run cannot prove the destination holds what the source had. */
export const BatchSyncFailureType = {
  reconciliationMismatch: AlertClass.reconciliationMismatch,
  emptySource: AlertClass.emptySource,
  activityFailed: 'BatchSyncActivityFailed',
} as const;

/**
 * One batch sync of one window: pages through the source (activities heartbeat the cursor), maps every record
 * through the integration's mapping and folds the results into rows, writes the rows in idempotent batches, then
 * reconciles: row counts and an order-independent checksum, source against destination read back. A mismatch, an
 * unexpectedly empty source or an exhausted activity raises exactly one alert and fails the run, so the Web UI
 * shows it red. Continues as new every `BATCH_PAGES_PER_RUN` pages (or when Temporal suggests), carrying its rows.
 */
export async function batchSyncWorkflow(input: BatchSyncInput): Promise<BatchSyncResult> {
  const info = workflowInfo();
  const settings = { ...(await readBatchSyncSettings({ integration: input.integration })), ...input.tuning };
  const state: BatchSyncCarriedState = input.carried ?? {
    progress: {
      integration: input.integration,
      phase: BatchSyncPhase.extracting,
      window: resolveWindow(input),
      counts: {
        pagesRead: 0,
        recordsRead: 0,
        rejected: 0,
        rows: 0,
        rowsWritten: 0,
        created: 0,
        duplicates: 0,
        refused: 0,
        resumedReads: 0,
      },
      rejects: [],
      refusedRows: [],
      continuedAsNew: 0,
    },
    cursor: null,
    rows: [],
    writeOffset: 0,
    previousSourceRows: input.previousSourceRows ?? previousRunSourceRows(info.lastResult),
    chainId: info.firstExecutionRunId,
  };
  const progress = state.progress;
  setHandler(batchSyncProgressQuery, () => progress);
  publish(progress);

  const activities = proxyBatchActivities(settings);
  if (!input.carried && state.previousSourceRows === undefined) {
    state.previousSourceRows = await previousScheduledRunRows(activities, state);
  }
  const pagesAtStart = progress.counts.pagesRead;

  if (progress.phase === BatchSyncPhase.extracting) {
    const rows = new Map(state.rows.map((row) => [row.key, row.body] as const));
    for (;;) {
      const extracted = await guarded(input, state, 'read the source', () =>
        activities.source.extractSourcePages({
          integration: input.integration,
          window: progress.window,
          cursor: state.cursor,
          pageSize: settings.pageSize,
          maxPages: settings.pagesPerActivity,
          sampleSize: settings.sampleSize,
        }),
      );
      mergeRows(settings.aggregation, rows, extracted.rows);
      state.cursor = extracted.nextCursor;
      progress.counts.pagesRead += extracted.pagesRead;
      progress.counts.recordsRead += extracted.recordsRead;
      progress.counts.rejected += extracted.rejectedCount;
      if (extracted.resumedAfterPages > 0) progress.counts.resumedReads += 1;
      progress.rejects.push(...extracted.rejects.slice(0, settings.sampleSize - progress.rejects.length));
      progress.counts.rows = rows.size;
      if (state.cursor === null) {
        state.rows = sortedRows(rows);
        progress.phase = BatchSyncPhase.writing;
        publish(progress);
        break;
      }
      publish(progress);
      if (shouldContinueAsNew(settings, progress.counts.pagesRead - pagesAtStart)) {
        state.rows = sortedRows(rows);
        return continueAsNewWith(input, state);
      }
    }
  }

  if (progress.phase === BatchSyncPhase.writing) {
    while (state.writeOffset < state.rows.length) {
      const batch: DestinationRow[] = state.rows.slice(
        state.writeOffset,
        state.writeOffset + settings.writeBatchSize,
      );
      const written = await guarded(input, state, 'write the destination', () =>
        activities.destination.writeDestinationRows({
          integration: input.integration,
          rows: batch,
          // Stable for this batch across retries, worker restarts and continue-as-new.
          batchKey: `${input.integration}:${state.chainId}:${state.writeOffset}`,
        }),
      );
      state.writeOffset += batch.length;
      progress.counts.rowsWritten = state.writeOffset;
      progress.counts.created += written.created;
      progress.counts.duplicates += written.duplicates;
      progress.counts.refused += written.refused.length;
      progress.refusedRows.push(
        ...written.refused.slice(0, settings.sampleSize - progress.refusedRows.length),
      );
      recordCorrections(progress, written.corrected, settings.sampleSize);
      publish(progress);
      if (state.writeOffset < state.rows.length && shouldContinueAsNew(settings, 0)) {
        return continueAsNewWith(input, state);
      }
    }
    // Written rows are not needed any more: reconciliation reads both sides again.
    state.rows = [];
    progress.phase = BatchSyncPhase.reconciling;
    publish(progress);
  }

  const report = await guarded(input, state, 'reconcile', () =>
    activities.source.reconcileSyncWindow({
      integration: input.integration,
      window: progress.window,
      pageSize: settings.pageSize,
      sampleSize: settings.sampleSize,
    }),
  );
  progress.reconciliation = report;
  return decide(input, state, report, settings);
}

async function decide(
  input: BatchSyncInput,
  state: BatchSyncCarriedState,
  report: ReconciliationReport,
  settings: BatchSyncSettings,
): Promise<BatchSyncResult> {
  const progress = state.progress;
  const window = describeWindow(progress.window);
  if (report.source.records === 0 && (state.previousSourceRows ?? 0) > 0) {
    await failLoudly(state, {
      alertClass: AlertClass.emptySource,
      message:
        `the source returned no records for ${window}, where the previous run had ${state.previousSourceRows} rows; ` +
        'nothing was synced',
      details: {
        window: progress.window,
        previousSourceRows: state.previousSourceRows,
        reconciliation: report,
      },
    });
  }
  if (!report.matched) {
    const differences = [
      report.missingCount > 0
        ? `${report.missingCount} missing (${report.missingKeys.join(', ')})`
        : undefined,
      report.alteredCount > 0
        ? `${report.alteredCount} altered (${report.alteredKeys.map((altered) => altered.key).join(', ')})`
        : undefined,
      report.unexpectedCount > 0
        ? `${report.unexpectedCount} unexpected (${report.unexpectedKeys.join(', ')})`
        : undefined,
      report.duplicatedCount > 0
        ? `${report.duplicatedCount} duplicated (${report.duplicatedKeys.join(', ')})`
        : undefined,
    ].filter(Boolean);
    await failLoudly(state, {
      alertClass: AlertClass.reconciliationMismatch,
      message:
        `the destination does not hold what the source had for ${window}: ` +
        `${report.source.rows} source rows vs ${report.destination.rows} destination rows; ${differences.join('; ')}`,
      details: {
        window: progress.window,
        source: report.source,
        destination: report.destination,
        missingKeys: report.missingKeys,
        alteredKeys: report.alteredKeys,
        unexpectedKeys: report.unexpectedKeys,
        duplicatedKeys: report.duplicatedKeys,
        refusedByDestination: progress.refusedRows,
        rejectedSourceRecords: progress.rejects,
      },
    });
  }
  if (progress.counts.rejected > 0) {
    // The destination matches what could be mapped; the records that could not are still nobody's data.
    await alert(state, {
      alertClass: AlertClass.recordRejected,
      severity: 'warning',
      message: `${progress.counts.rejected} source records of ${window} were rejected by the mapping and not synced`,
      details: { window: progress.window, rejectedSourceRecords: progress.rejects },
    });
  }
  if (progress.correctedCount) await alert(state, correctionAlert(state, settings.aggregation.keyFields));
  progress.phase = BatchSyncPhase.reconciled;
  publish(progress);
  log.info('Batch sync reconciled', { window, rows: report.source.rows, checksum: report.source.checksum });
  return {
    integration: input.integration,
    window: progress.window,
    counts: progress.counts,
    sourceRows: report.source.rows,
    destinationRows: report.destination.rows,
    checksum: report.source.checksum,
  };
}

/** Keeps a bounded sample of corrected rows, and counts them all. */
function recordCorrections(
  progress: BatchSyncProgress,
  corrected: RowCorrection[] | undefined,
  sampleSize: number,
): void {
  if (!corrected || corrected.length === 0) return;
  progress.correctedCount = (progress.correctedCount ?? 0) + corrected.length;
  progress.corrections = [...(progress.corrections ?? []), ...corrected].slice(0, sampleSize);
}

/**
 * One alert per run for past totals that changed (late source data billed by a re-run), naming each row by its
 * key fields (the customer and the day), with what the destination held before and holds now.
 */
function correctionAlert(state: BatchSyncCarriedState, keyFields: readonly string[]): IncidentDescription {
  const progress = state.progress;
  const named = (progress.corrections ?? []).map((correction) => {
    const parts = correction.key.split(':');
    const fields = keyFields.map((field, index) => `${field} ${parts[index] ?? '?'}`).join(', ');
    return `${fields}: ${JSON.stringify(correction.before)} → ${JSON.stringify(correction.after)}`;
  });
  const more = (progress.correctedCount ?? 0) - named.length;
  return {
    alertClass: AlertClass.batchCorrected,
    severity: 'warning',
    message:
      `${progress.correctedCount} past row(s) of ${describeWindow(progress.window)} changed and were corrected: ` +
      `${named.join('; ')}${more > 0 ? ` and ${more} more` : ''}`,
    details: {
      window: progress.window,
      corrections: progress.corrections,
      correctedCount: progress.correctedCount,
    },
  };
}

interface IncidentDescription {
  alertClass: AlertClass;
  severity?: 'critical' | 'warning';
  message: string;
  details: unknown;
}

async function alert(state: BatchSyncCarriedState, incident: IncidentDescription): Promise<void> {
  const { workflowId } = workflowInfo();
  await sendAlert(
    redactAlertRequest({
      // One incident per chain and class: a replayed or retried alert is the same incident for the sink.
      incidentId: `${workflowId}:${state.chainId}:${incident.alertClass}`,
      alertClass: incident.alertClass,
      severity: incident.severity ?? 'critical',
      integration: state.progress.integration,
      recordKey: `window ${describeWindow(state.progress.window)}`,
      workflowId,
      message: incident.message,
      details: incident.details,
    }),
  );
}

/** Alerts, then fails the run with the same message: the Web UI shows it failed, and says why. */
async function failLoudly(state: BatchSyncCarriedState, incident: IncidentDescription): Promise<never> {
  state.progress.phase = BatchSyncPhase.failed;
  state.progress.problem = incident.message;
  publish(state.progress);
  await alert(state, incident);
  throw ApplicationFailure.create({
    message: `${incident.alertClass}: ${incident.message}`,
    type: incident.alertClass,
    nonRetryable: true,
    details: [incident.details],
  });
}

/** Runs an activity; when it fails for good (retries exhausted, credentials refused), alerts once and fails. */
async function guarded<T>(
  input: BatchSyncInput,
  state: BatchSyncCarriedState,
  step: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause instanceof ApplicationFailure ? error.cause : undefined;
    const credentials = cause?.type === 'TargetCredentialsRejected';
    return failLoudly(state, {
      alertClass: credentials ? AlertClass.credentialsRejected : AlertClass.retryExhausted,
      message: `could not ${step} for ${describeWindow(state.progress.window)}: ${cause?.message ?? error.message}`,
      details: { step, failureType: cause?.type, integration: input.integration },
    });
  }
}

function proxyBatchActivities(settings: BatchSyncSettings) {
  const options = (retry: BatchRetryPolicy) => ({
    startToCloseTimeout: settings.activityTimeoutMs,
    heartbeatTimeout: settings.heartbeatTimeoutMs,
    retry: {
      maximumAttempts: retry.maximumAttempts,
      initialInterval: retry.initialIntervalMs,
      backoffCoefficient: retry.backoffCoefficient,
      maximumInterval: retry.maximumIntervalMs,
    },
  });
  return {
    source: proxyActivities<BatchActivities>(options(settings.sourceRetry)),
    destination: proxyActivities<BatchActivities>(options(settings.destinationRetry)),
  };
}

function shouldContinueAsNew(settings: BatchSyncSettings, pagesThisRun: number): boolean {
  const info = workflowInfo();
  return (
    pagesThisRun >= settings.pagesPerRun ||
    info.continueAsNewSuggested ||
    info.historyLength >= settings.continueAsNewAfterEvents
  );
}

function continueAsNewWith(input: BatchSyncInput, state: BatchSyncCarriedState): Promise<never> {
  state.progress.continuedAsNew += 1;
  return continueAsNew<typeof batchSyncWorkflow>({ ...input, carried: state });
}

/** The window of a first run: given, or the days before the scheduled time in the declared time zone. */
function resolveWindow(input: BatchSyncInput): SyncWindow {
  if (input.window) return input.window;
  const info = workflowInfo();
  const dueAt = info.typedSearchAttributes.get(scheduledStartTime) ?? info.startTime;
  return daysBefore(dueAt, input.windowDays ?? 1, input.timeZone ?? 'UTC');
}

/**
 * Source rows of the latest successful run of the same schedule (none for runs not started by a schedule). A
 * failure to find out is logged, not fatal: the check then falls back to "no earlier data known".
 */
async function previousScheduledRunRows(
  activities: ReturnType<typeof proxyBatchActivities>,
  state: BatchSyncCarriedState,
): Promise<number | undefined> {
  const scheduleId = workflowInfo().typedSearchAttributes.get(scheduledById);
  if (!scheduleId) return undefined;
  try {
    const previous = await activities.source.findPreviousScheduledRun({ scheduleId });
    return previous?.sourceRows;
  } catch (error) {
    log.warn('Could not read the previous scheduled run; the empty-source check has no baseline', {
      scheduleId,
      window: describeWindow(state.progress.window),
      error: String(error),
    });
    return undefined;
  }
}

/** The schedule passes each run the last successful run's result (`lastResult`); it carries the row count. */
function previousRunSourceRows(lastResult: unknown): number | undefined {
  const rows = (lastResult as Partial<BatchSyncResult> | undefined)?.sourceRows;
  return typeof rows === 'number' ? rows : undefined;
}

/** "Current details" in the Web UI, refreshed at every step. */
function publish(progress: BatchSyncProgress): void {
  const { counts } = progress;
  const lines = [
    `**${progress.integration}** ${describeWindow(progress.window)}: ${progress.phase}`,
    `- pages read: ${counts.pagesRead}, records: ${counts.recordsRead}, rejected: ${counts.rejected}`,
    `- rows: ${counts.rows}, written: ${counts.rowsWritten} (created ${counts.created}, duplicates ${counts.duplicates}, refused ${counts.refused})`,
  ];
  if (progress.reconciliation) {
    const { source, destination, matched } = progress.reconciliation;
    lines.push(
      `- reconciliation: ${matched ? 'matched' : 'MISMATCH'} — source ${source.rows} rows / ${source.checksum.slice(0, 12)}…, ` +
        `destination ${destination.rows} rows / ${destination.checksum.slice(0, 12)}…`,
    );
  }
  if (progress.problem) lines.push(`**Problem:** ${progress.problem}`);
  setCurrentDetails(lines.join('\n'));
}
