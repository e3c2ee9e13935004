import { baselineViewFor } from '../anomaly/baseline-view';
import { recordFeatures } from '../anomaly/record-features';
import { scoreRecord, type AnomalyAssessment } from '../anomaly/score-record';
import { loadEnvironment } from '../config/environment';
import type { AnyIntegration } from '../integrations/integration';
import { readBaseline } from './baseline-reader';
import { withTemporalClient } from './temporal-connection';
import { UsageError } from './usage-error';

/** Scores one mapped record against the baseline as the dry run found it (the dry run teaches it nothing). */
export type DryRunScorer = (recordKey: string, canonical: Record<string, unknown>) => AnomalyAssessment;

/**
 * Reads the integration's current baseline from Temporal once and scores every record of the file against it
 * with the very functions the worker uses, so `dry-run --score` shows what production would hold.
 */
export async function loadDryRunScorer(
  integration: AnyIntegration,
): Promise<{ scorer: DryRunScorer; note: string }> {
  const env = loadEnvironment();
  const declaration = integration.trigger === 'webhook' ? integration.anomalyChecks?.(env) : undefined;
  if (!declaration) {
    throw new UsageError(
      `--score: ${integration.name} has no predictive checks (none declared, or ANOMALY_CHECKS=off)`,
    );
  }
  const found = await withTemporalClient((client) =>
    readBaseline(client, integration.name, env.TEMPORAL_TASK_QUEUE),
  );
  const state = found?.state ?? { observed: 0, window: [], seen: {}, companies: [], driftAlerted: [] };
  return {
    scorer: (recordKey, canonical) => {
      const features = recordFeatures(declaration, recordKey, canonical);
      return scoreRecord(features, baselineViewFor(state, features, declaration), declaration);
    },
    note: found
      ? `scored against the baseline of ${state.observed} records (${found.workflowId})`
      : `no baseline of ${integration.name} on task queue ${env.TEMPORAL_TASK_QUEUE} yet: every record is in its cold start`,
  };
}
