import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { waitFor } from '../support/wait-for';

// A workflow whose task keeps failing cannot raise its own alert. Here the worker does not know the workflow's
// type (as after a deploy that removed or renamed one), so every task fails; the check finds it from outside.

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({ ALERT_WEBHOOK_URL: sink.url });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

async function runCheck() {
  return stack.temporal.workflow.execute('stuckWorkflowCheckWorkflow', {
    workflowId: `stuck-workflow-check-test-${randomUUID()}`,
    taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
    args: [],
  });
}

const stuckAlertsFor = (workflowId: string) =>
  sink.alertsFor(workflowId).filter((alert) => alert.body.loudwire.alertClass === 'StuckWorkflow');

describe('a stuck workflow', () => {
  it('raises one alert naming the workflow and the error, found from outside it', async () => {
    const workflowId = `stuck-${randomUUID()}`;
    const stuck = await stack.temporal.workflow.start('recordSyncWorkflowRenamedAway', {
      workflowId,
      taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
      args: [],
    });
    try {
      await waitFor(
        'the check to alert',
        async () => {
          await runCheck();
          return stuckAlertsFor(workflowId).length > 0 ? true : undefined;
        },
        45_000,
      );
      const [alert] = stuckAlertsFor(workflowId);
      expect(alert!.body.loudwire.message).toContain(workflowId);
      expect(alert!.body.loudwire.message).toContain('recordSyncWorkflowRenamedAway');
      expect(alert!.body.loudwire.message).toMatch(/WorkflowTaskFailed/);

      // Still stuck at the next checks: no second alert.
      await runCheck();
      await runCheck();
      expect(stuckAlertsFor(workflowId)).toHaveLength(1);
    } finally {
      await stuck.terminate('test over');
    }
  }, 60_000);
});
