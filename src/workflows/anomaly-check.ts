import { ActivityFailure, ApplicationFailure, log, proxyLocalActivities } from '@temporalio/workflow';
import type { AnomalyActivities } from '../activities/anomaly-activities';
import type { SyncSettings } from '../activities/sync-settings';
import type { AnomalyHold } from '../anomaly/anomaly-hold';
import type { AnomalyAssessment } from '../anomaly/score-record';
import type { SourceEvent } from '../integrations/integration';
import type { MappingWarning } from '../mapping/outcome';
import type { RecordSyncState } from './record-sync-messages';

/** Marks runs whose records are scored against their integration's baseline before their writes (issue 18). */
export const anomalyChecksPatch = 'anomaly-checks';

/**
 * Marks runs whose record, past its baseline's cold start, is never written unscored: scoring waits for an
 * unreachable baseline up to ANOMALY_BASELINE_WAIT, then holds the record for approval (unscored-hold-alerts.ts).
 */
export const unscoredHoldsPatch = 'anomaly-unscored-holds';

/** ANOMALY_BASELINE_WAIT's default, for settings recorded without it. */
export const defaultBaselineWaitMs = 60_000;

// One local activity per scored record: snapshot, score and learning in one marker (no task-queue round trip).
// Runs before `unscoredHoldsPatch`: three attempts, then the record goes on unscored with a warning.
const { scoreAgainstBaseline } = proxyLocalActivities<AnomalyActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3 },
});

/**
 * Runs with `unscoredHoldsPatch`: retried with backoff while the baseline is unreachable, for at most `waitMs`.
 * Retries of a local activity stay in one workflow task (which the SDK heartbeats every few seconds), so a minute
 * of waiting adds a few task events to the history, not one marker per attempt.
 */
function patientScoring(waitMs: number) {
  return proxyLocalActivities<AnomalyActivities>({
    startToCloseTimeout: '10s',
    scheduleToCloseTimeout: waitMs,
    retry: {
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '10s',
      nonRetryableErrorTypes: ['UnknownIntegration'],
    },
  }).scoreAgainstBaseline;
}

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
 * Scores the mapped record against its integration's baseline. With `waitForBaselineMs` (runs with
 * `unscoredHoldsPatch`), a check that cannot run — the baseline past its cold start and unreachable for that long —
 * holds the record for approval with the reason in words. Without it (older runs), the record goes on unscored
 * with a warning.
 */
export async function checkAgainstBaseline(
  input: { integration: string; recordKey: string; canonical: Record<string, unknown> },
  options: { waitForBaselineMs?: number } = {},
): Promise<{ assessment?: AnomalyAssessment; warnings: MappingWarning[]; hold?: AnomalyHold }> {
  let assessment: AnomalyAssessment | undefined;
  const waitMs = options.waitForBaselineMs;
  try {
    const score = waitMs === undefined ? scoreAgainstBaseline : patientScoring(waitMs);
    const result = await score(input);
    assessment = result.assessment;
  } catch (error) {
    if (waitMs !== undefined) {
      const reason = unscoredReason(input.integration, waitMs, error);
      log.error('Anomaly check unavailable: the record is held for approval', { reason });
      return { warnings: [], hold: { score: 0, threshold: 0, reasons: [reason], notScored: true } };
    }
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

/** Why a record could not be scored, in words an approver reads ("did not answer for 60 s"). */
export function unscoredReason(integration: string, waitMs: number, error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  const type = cause instanceof ApplicationFailure ? cause.type : undefined;
  if (type === 'UnknownIntegration') return `not scored: ${integration} is not an integration of this worker`;
  if (type && type !== 'BaselineUnavailable')
    return `not scored: the anomaly check of ${integration} failed (${type})`;
  return `not scored: the baseline of ${integration} did not answer for ${formatWait(waitMs)}`;
}

function formatWait(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 120_000) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1_000)} s`;
}
