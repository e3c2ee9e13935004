import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { baselineViewFor, type BaselineView } from '../anomaly/baseline-view';
import { recordFeatures } from '../anomaly/record-features';
import { scoreRecord, type AnomalyAssessment } from '../anomaly/score-record';
import type { LoudwireEnvironment } from '../config/environment';
import type { Logger } from '../logging/logger';
import { getIntegration } from '../integrations/registry';
import { BaselineSnapshots } from './baseline-snapshots';
import { BaselineTeacher } from './baseline-teacher';
import { baselineWorkflowId, type IntegrationBaselineInput } from '../workflows/baseline-messages';

export interface ScoreAgainstBaselineInput {
  integration: string;
  recordKey: string;
  canonical: Record<string, unknown>;
}

export interface ScoreAgainstBaselineResult {
  /** Absent when the integration's anomaly checks are off now (they were on when the run started). */
  assessment?: AnomalyAssessment;
  /** The baseline snapshot the record was scored against: recorded in history with the score. */
  view?: BaselineView;
  /** What the check cost, in milliseconds: reading the snapshot, scoring, and teaching the baseline. */
  costMs?: { snapshot: number; score: number; learn: number };
}

/** Activities of the predictive checks; spread into the worker's activities next to `createActivities`. */
export function createAnomalyActivities({ env, logger }: { env: LoudwireEnvironment; logger: Logger }) {
  const snapshots = new BaselineSnapshots();
  // Built on first use: it needs the activity context's client.
  let teacher: BaselineTeacher | undefined;
  return {
    /**
     * Local activity, one per scored record: reads the integration's baseline as it concerns the record (the
     * worker's copy of its baseline workflow's state, at most two seconds old: baseline-snapshots.ts), scores the
     * record against it, and hands the record to the worker's BaselineTeacher, which sends it to the baseline in
     * the next batch (signal-with-start: the first batch starts the baseline). Its result — snapshot and score — is
     * recorded in history, so the record's decision replays exactly. Learning twice (a retried attempt) is
     * harmless: the baseline keeps one entry per record key.
     */
    async scoreAgainstBaseline(input: ScoreAgainstBaselineInput): Promise<ScoreAgainstBaselineResult> {
      const integration = getIntegration(input.integration);
      if (!integration) {
        throw ApplicationFailure.nonRetryable(
          `Unknown integration "${input.integration}"`,
          'UnknownIntegration',
        );
      }
      const declaration = integration.anomalyChecks?.(env);
      if (!declaration) return {};
      const { client, info } = Context.current();
      const workflowId = baselineWorkflowId(integration.name, info.taskQueue);
      const features = recordFeatures(declaration, input.recordKey, input.canonical);

      const started = performance.now();
      const view = baselineViewFor(await snapshots.current(client, workflowId), features, declaration);
      const queried = performance.now();
      const assessment = scoreRecord(features, view, declaration);
      const scored = performance.now();

      const { display: _shownOnlyToApprovers, ...company } = features.company;
      const start: IntegrationBaselineInput = {
        integration: integration.name,
        declaration,
        alertRetryWindowMs: env.ALERT_RETRY_WINDOW,
      };
      teacher ??= new BaselineTeacher(
        () => client,
        logger,
        (baseline, records) => snapshots.unconfirmed.accepted(baseline, records),
      );
      // One object for both: the copy re-learns it until the baseline has accepted this very lesson.
      const lesson = { ...features, company };
      teacher.teach(workflowId, info.taskQueue, start, lesson);
      snapshots.learned(workflowId, lesson, declaration);
      const learned = performance.now();
      const costMs = {
        snapshot: round(queried - started),
        score: round(scored - queried),
        learn: round(learned - scored),
      };
      // Codes and numbers only: the reasons (which may name the company) stay in the encrypted history.
      logger.info(
        {
          integration: integration.name,
          recordKey: input.recordKey,
          score: assessment.score,
          held: assessment.held,
          coldStart: assessment.coldStart,
          // How many records the copy it was scored against had learned: a copy behind its baseline shows here.
          baselineObserved: view.observed,
          reasons: assessment.reasons.map((reason) => reason.kind),
          costMs,
        },
        'Scored against the baseline',
      );
      return { assessment, view, costMs };
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export type AnomalyActivities = ReturnType<typeof createAnomalyActivities>;
