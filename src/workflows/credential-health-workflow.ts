import { proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { CredentialHealth } from '../activities/check-credentials';
import type { LoudwireActivities } from '../activities/create-activities';
import { AlertClass } from '../alerts/alert';
import { alertActivityOptions } from './alert-activity-options';

const { checkCredentials, readPreviousCredentialHealth } = proxyLocalActivities<LoudwireActivities>({
  // Each probe is one or two HTTP calls with the connector's own timeout.
  startToCloseTimeout: '60s',
  retry: { maximumAttempts: 2 },
});
const { sendAlert } = proxyActivities<LoudwireActivities>(alertActivityOptions);

/** Workflow ID of every run the credential health schedule starts (the schedule appends a timestamp). */
export const credentialHealthWorkflowId = 'loudwire-credential-health';

/**
 * Run by a Temporal Schedule: probes every connector's credentials and alerts when one fails or is about to
 * expire. It alerts on a change of state (compared with the previous completed run's result), so a credential
 * that stays broken raises one alert, not one every interval — and a recovery is logged in the result.
 */
export async function credentialHealthWorkflow(): Promise<CredentialHealth[]> {
  const [health, previousRun] = await Promise.all([checkCredentials(), readPreviousCredentialHealth()]);
  const previous = new Map((previousRun ?? []).map((check) => [check.target, check.state]));
  const { workflowId } = workflowInfo();
  await Promise.all(
    health
      .filter((check) => check.state !== 'ok' && previous.get(check.target) !== check.state)
      .map((check) =>
        sendAlert({
          incidentId: `${workflowId}:${check.target}:${check.state}`,
          alertClass: AlertClass.credentialHealth,
          severity: check.state === 'failing' ? 'critical' : 'warning',
          integration: '(all)',
          recordKey: `connector:${check.target}`,
          workflowId,
          message: `${check.target} credentials ${check.state}: ${check.detail}`,
          details: check,
        }),
      ),
  );
  return health;
}
