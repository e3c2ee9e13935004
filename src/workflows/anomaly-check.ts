import { log, proxyLocalActivities } from '@temporalio/workflow';
import type { AnomalyActivities } from '../activities/anomaly-activities';
import type { SyncSettings } from '../activities/sync-settings';
import type { AnomalyHold } from '../anomaly/anomaly-hold';
import type { AnomalyAssessment } from '../anomaly/score-record';
import type { SourceEvent } from '../integrations/integration';
import type { MappingWarning } from '../mapping/outcome';
import type { RecordSyncState } from './record-sync-messages';

/** Marks runs whose records are scored against their integration's baseline before their writes (issue 18). */
export const anomalyChecksPatch = 'anomaly-checks';

// One local activity per scored record: snapshot, score and learning in one marker (no task-queue round trip).
const { scoreAgainstBaseline } = proxyLocalActivities<AnomalyActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3 },
});

/** Reasons shown per record: the approver reads the strongest; the rest are in the recorded assessment. */
export const shownReasons = 3;

/**
 * Whether this event's record is scored: records the integration onboards or updates (not a lost deal's
 * archive, a parked reopening, or an edit of a record never onboarded).
 */
export function scoresEvent(settings: SyncSettings, state: RecordSyncState, event: SourceEvent): boolean {
  if (!settings.anomalyChecks) return false;
  const kind = settings.lifecycle?.[event.type]?.kind ?? 'onboard';
  return (
    kind === 'onboard' ||
    (kind === 'update' && (state.onboarded === true || Object.keys(state.writes).length > 0))
  );
}

/**
 * Scores the mapped record against its integration's baseline. A check that cannot run (the baseline
 * unreachable past its retries) never stops the record: it goes on unscored, with a warning that says so.
 */
export async function checkAgainstBaseline(input: {
  integration: string;
  recordKey: string;
  canonical: Record<string, unknown>;
}): Promise<{ assessment?: AnomalyAssessment; warnings: MappingWarning[]; hold?: AnomalyHold }> {
  let assessment: AnomalyAssessment | undefined;
  try {
    const result = await scoreAgainstBaseline(input);
    assessment = result.assessment;
  } catch (error) {
    log.warn('Anomaly check unavailable: the record goes on unscored', { error: String(error) });
    return {
      warnings: [
        {
          field: '(record)',
          code: 'anomaly-check-unavailable',
          reason: 'not scored: the baseline was unavailable',
        },
      ],
    };
  }
  if (!assessment) return { warnings: [] };
  const top = assessment.reasons.slice(0, shownReasons);
  if (assessment.held) {
    return {
      assessment,
      warnings: [],
      hold: {
        score: assessment.score,
        threshold: assessment.threshold,
        reasons: top.map((reason) => reason.text),
      },
    };
  }
  return {
    assessment,
    warnings: top.map((reason) => ({
      field: reason.field,
      code: `anomaly:${reason.kind}`,
      reason: reason.text,
    })),
  };
}
