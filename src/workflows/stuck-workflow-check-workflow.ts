import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LoudwireActivities } from '../activities/create-activities';
import { AlertClass } from '../alerts/alert';

const { findStuckWorkflows } = proxyActivities<LoudwireActivities>({
  startToCloseTimeout: '1m',
  retry: { maximumAttempts: 3 },
});
// Short: an undelivered alert is retried by the next check (its key is not remembered), not held here.
const { sendAlert } = proxyActivities<LoudwireActivities>({
  startToCloseTimeout: '10s',
  scheduleToCloseTimeout: '2m',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '10s' },
});

/**
 * Run by the `stuck-workflow-check` system schedule (every STUCK_WORKFLOW_CHECK_INTERVAL): finds workflows whose
 * workflow task keeps failing — which they cannot report themselves — and raises one `StuckWorkflow` alert per
 * workflow run and problem, naming the workflow and the error. Returns what it alerted on, so the next check
 * stays quiet about the same problem and speaks again when it changes.
 */
export async function stuckWorkflowCheckWorkflow(): Promise<{ alerted: string[]; stuck: number }> {
  const report = await findStuckWorkflows();
  const already = new Set(report.previouslyAlerted);
  const alerted: string[] = [];
  const { workflowId } = workflowInfo();
  await Promise.all(
    report.stuck.map(async (stuck) => {
      if (already.has(stuck.key)) {
        alerted.push(stuck.key);
        return;
      }
      try {
        await sendAlert({
          incidentId: `stuck:${stuck.key}`,
          alertClass: AlertClass.stuckWorkflow,
          severity: 'critical',
          integration: '(all)',
          recordKey: stuck.workflowId,
          workflowId: stuck.workflowId,
          message:
            `Workflow ${stuck.workflowId} (${stuck.workflowType}) is stuck: its workflow task keeps failing ` +
            `(${stuck.problems.join(', ')})${stuck.error ? `: ${stuck.error}` : ''}. Nothing moves for it ` +
            `until the code or its history is fixed (README, "Deploying a change").`,
          details: { ...stuck, checkedBy: workflowId },
        });
        alerted.push(stuck.key);
      } catch {
        // Not remembered: the next check alerts again.
      }
    }),
  );
  return { alerted: alerted.sort(), stuck: report.stuck.length + report.omitted };
}
