import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AnomalyDeclaration } from '../anomaly/anomaly-declaration';
import type { BaselineState } from '../anomaly/baseline-state';
import type { BaselineSummary } from '../anomaly/baseline-summary';
import type { RecordFeatures } from '../anomaly/record-features';
import type { AlertRequest } from '../activities/create-activities';

/** Input of an integration's baseline workflow (started by the first scored record, carried across runs). */
export interface IntegrationBaselineInput {
  integration: string;
  /** The declaration the baseline was started with: a new one takes effect at the next continue-as-new. */
  declaration: AnomalyDeclaration;
  /** ALERT_RETRY_WINDOW of drift alerts. */
  alertRetryWindowMs: number;
  carried?: { state: BaselineState; undeliveredAlerts?: AlertRequest[] };
}

/** One scored record to learn (its features only: no payload, no personal values). */
export const observeRecordSignal = defineSignal<[RecordFeatures]>('observeRecord');

/** Scored records to learn, batched by each worker (activities/baseline-teacher.ts): one signal a second or so. */
export const observeRecordsSignal = defineSignal<[{ records: RecordFeatures[] }]>('observeRecords');

/** The baseline's state (bounded): workers score their records against a copy of it, as `dry-run --score` does. */
export const baselineStateQuery = defineQuery<BaselineState>('baselineState');

/** The whole baseline in numbers (`loudwire baseline show`). */
export const baselineSummaryQuery = defineQuery<BaselineSummary>('baselineSummary');

/**
 * One long-lived baseline workflow per integration and task queue: two deployments sharing a namespace (staging
 * and production queues) learn from their own records only.
 */
export function baselineWorkflowId(integration: string, taskQueue: string): string {
  return `baseline:${integration}:${taskQueue}`;
}
