import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LoudwireActivities } from '../activities/create-activities';
import type { SourceTraffic } from '../activities/check-source-traffic';
import { AlertClass } from '../alerts/alert';

const { checkSourceTraffic } = proxyActivities<LoudwireActivities>({
  startToCloseTimeout: '2m',
  retry: { maximumAttempts: 3 },
});
// Short: an alert that does not land is sent again by the next check (the transition is not remembered).
const { sendAlert } = proxyActivities<LoudwireActivities>({
  startToCloseTimeout: '10s',
  scheduleToCloseTimeout: '2m',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '10s' },
});

export interface SilenceCheckResult {
  /** Integrations whose source is quiet (and was alerted on). The next check compares with this. */
  quiet: string[];
  sources: SourceTraffic[];
}

/**
 * Run by the `silence-check` system schedule (every SILENCE_CHECK_INTERVAL): compares each source's traffic with
 * what its integration expects and alerts once when a source goes quiet (naming the last record it started) and
 * once when it sends again. A source that stopped sending cannot say so itself.
 */
export async function silenceCheckWorkflow(): Promise<SilenceCheckResult> {
  const report = await checkSourceTraffic();
  const wasQuiet = new Set(report.previouslyQuiet);
  const quiet: string[] = [];
  const { workflowId } = workflowInfo();
  await Promise.all(
    report.sources.map(async (source) => {
      const before = wasQuiet.has(source.integration);
      if (source.status === 'quiet' && !before) {
        if (await alerted(quietAlert(source, workflowId))) quiet.push(source.integration);
      } else if (source.status === 'quiet' || (source.status === 'unknown' && before)) {
        if (before) quiet.push(source.integration);
      } else if (source.status === 'ok' && before) {
        if (!(await alerted(backAlert(source, workflowId)))) quiet.push(source.integration);
      }
    }),
  );
  return { quiet: quiet.sort(), sources: report.sources };
}

async function alerted(alert: Parameters<typeof sendAlert>[0]): Promise<boolean> {
  try {
    await sendAlert(alert);
    return true;
  } catch {
    return false; // not remembered: the next check alerts again
  }
}

function lastSeenText(source: SourceTraffic): string {
  return source.lastSeen
    ? `the last record it started was ${source.lastSeen.recordKey ?? source.lastSeen.workflowId} at ` +
        `${source.lastSeen.startedAt} (${source.lastSeen.workflowId})`
    : 'no record of it has been seen yet';
}

function quietAlert(source: SourceTraffic, checkedBy: string): Parameters<typeof sendAlert>[0] {
  return {
    incidentId: `silence:${source.integration}:${source.windowStart}:quiet`,
    alertClass: AlertClass.sourceQuiet,
    severity: 'critical',
    integration: source.integration,
    recordKey: source.source,
    workflowId: source.lastSeen?.workflowId ?? checkedBy,
    message:
      `Source "${source.source}" has gone quiet for ${source.integration}: ${source.seenInWindow} new record(s) ` +
      `since ${source.windowStart}, expected ${source.expectation}; ${lastSeenText(source)}. Check its webhook ` +
      `subscription and delivery log.`,
    details: { ...source, checkedBy },
  };
}

function backAlert(source: SourceTraffic, checkedBy: string): Parameters<typeof sendAlert>[0] {
  return {
    incidentId: `silence:${source.integration}:${source.lastSeen?.startedAt ?? source.windowStart}:back`,
    alertClass: AlertClass.sourceBack,
    severity: 'warning',
    integration: source.integration,
    recordKey: source.source,
    workflowId: source.lastSeen?.workflowId ?? checkedBy,
    message:
      `Source "${source.source}" sends again for ${source.integration}: ${source.seenInWindow} new record(s) ` +
      `since ${source.windowStart}; ${lastSeenText(source)}.`,
    details: { ...source, checkedBy },
  };
}
