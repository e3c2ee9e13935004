import { ActivityFailure, ApplicationFailure, log, proxyLocalActivities, sleep } from '@temporalio/workflow';
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

// Runs with `unscoredHoldsPatch`: one attempt per local activity; the workflow itself waits between attempts.
const { scoreAgainstBaseline: scoreOnce } = proxyLocalActivities<AnomalyActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 1 },
});

const firstRetryDelayMs = 1_000;
const longestRetryDelayMs = 10_000;

/**
 * Scores, retrying an unreachable baseline with backoff (1 s doubling to 10 s) for at most `waitMs`, then throws
 * the last failure. The waits are durable timers, not a local activity's own retries: a local activity that runs
 * past a workflow task's heartbeat (80 % of its 10 s timeout) was re-scheduled with a fresh schedule-to-close
 * clock, so a wait longer than about 8 s never ended (ANOMALY_BASELINE_WAIT is 60 s by default). A minute of
 * waiting costs about eight attempts, each a marker, a timer and a workflow task, on an outage's path only.
 */
async function scoreWithPatience(
  input: Parameters<AnomalyActivities['scoreAgainstBaseline']>[0],
  waitMs: number,
): ReturnType<AnomalyActivities['scoreAgainstBaseline']> {
  const startedAt = Date.now();
  let delayMs = firstRetryDelayMs;
  for (;;) {
    try {
      return await scoreOnce(input);
    } catch (error) {
      if (failureType(error) === 'UnknownIntegration') throw error; // no wait makes it score
      const waitedMs = Date.now() - startedAt;
      if (waitedMs + delayMs > waitMs) throw error;
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, longestRetryDelayMs);
    }
  }
}

function failureType(error: unknown): string | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
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
    const result =
      waitMs === undefined ? await scoreAgainstBaseline(input) : await scoreWithPatience(input, waitMs);
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
  const type = failureType(error);
  if (type === 'UnknownIntegration') return `not scored: ${integration} is not an integration of this worker`;
  if (type && type !== 'BaselineUnavailable')
    return `not scored: the anomaly check of ${integration} failed (${type})`;
  return `not scored: the baseline of ${integration} did not answer for ${formatWait(waitMs)}`;
}

function formatWait(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 120_000) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1_000)} s`;
}
