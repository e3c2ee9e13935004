import { randomUUID } from 'node:crypto';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialHealth } from '../../src/activities/check-credentials';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { clearFaults, injectFault } from '../support/sandbox-control';
import { waitFor } from '../support/wait-for';

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  const soon = new Date(Date.now() + 3 * 86_400_000).toISOString();
  stack = await startLoudwireTestStack({
    ALERT_WEBHOOK_URL: sink.url,
    PROJECT_TOOL_API_KEY_EXPIRES_AT: soon,
  });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

describe('credential health check on a Temporal Schedule', () => {
  it('alerts when a credential fails or is about to expire, once per change of state', async () => {
    const scheduleId = `credential-health-test-${randomUUID()}`;
    const schedule = await stack.temporal.schedule.create({
      scheduleId,
      // Paused: the test triggers each run itself, so it never waits on the clock.
      spec: { intervals: [{ every: '1h' }] },
      state: { paused: true },
      policies: { overlap: ScheduleOverlapPolicy.BUFFER_ALL },
      action: {
        type: 'startWorkflow',
        workflowType: 'credentialHealthWorkflow',
        workflowId: `${scheduleId}-run`,
        taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
        args: [],
      },
    });
    const runs = async (count: number) =>
      waitFor(`${count} completed runs`, async () => {
        const description = await schedule.describe();
        const done = description.info.recentActions.length;
        if (done < count) return undefined;
        const last = description.info.recentActions[done - 1]!;
        const handle = stack.temporal.workflow.getHandle(
          last.action.workflow.workflowId,
          last.action.workflow.firstExecutionRunId,
        );
        return (await handle.result()) as CredentialHealth[];
      });

    try {
      await injectFault(stack.sandboxes.billing.url, { kind: 'revoked_credentials', rate: 1 });
      await schedule.trigger();
      const first = await runs(1);
      expect(first.find((check) => check.target === 'billing')?.state).toBe('failing');
      expect(first.find((check) => check.target === 'project-tool')?.state).toBe('expiring');
      await waitFor('two alerts', async () => (sink.received.length >= 2 ? true : undefined));
      const classes = sink.received.map((alert) => [
        alert.body.loudwire.alertClass,
        alert.body.loudwire.recordKey,
      ]);
      expect(classes).toEqual(
        expect.arrayContaining([
          ['CredentialHealth', 'connector:billing'],
          ['CredentialHealth', 'connector:project-tool'],
        ]),
      );
      expect(
        sink.received.find((alert) => alert.body.loudwire.recordKey === 'connector:project-tool')?.body
          .loudwire.message,
      ).toMatch(/expires in 3\.0 days/);

      // Still broken on the next run: no second alert for the same state.
      await schedule.trigger();
      const second = await runs(2);
      expect(second.find((check) => check.target === 'billing')?.state).toBe('failing');
      expect(sink.received).toHaveLength(2);

      // Fixed: the run reports ok and stays quiet.
      await clearFaults(stack.sandboxes.billing.url);
      await schedule.trigger();
      const third = await runs(3);
      expect(third.find((check) => check.target === 'billing')?.state).toBe('ok');
      expect(sink.received).toHaveLength(2);
    } finally {
      await clearFaults(stack.sandboxes.billing.url);
      await schedule.delete();
    }
  });
});
