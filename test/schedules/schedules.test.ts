import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertClass } from '../../src/alerts/alert';
import { applySchedules, scheduleIdOf } from '../../src/schedules/apply-schedules';
import type { DeclaredSchedule } from '../../src/schedules/declared-schedule';
import { declaredSchedules } from '../../src/schedules/declared-schedules';
import { describeSchedules } from '../../src/schedules/describe-schedules';
import type { BatchSyncInput } from '../../src/workflows/batch-sync-messages';
import { generateTimeEntries, seedLinkedClients } from '../batch/billable-hours-fixtures';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { waitFor } from '../support/wait-for';

describe('schedules', () => {
  let sink: AlertSink;
  let stack: LoudwireTestStack;
  const created: string[] = [];

  beforeAll(async () => {
    sink = await startAlertSink();
    stack = await startLoudwireTestStack({ ALERT_WEBHOOK_URL: sink.url });
    await stack.startWorker();
  });
  afterAll(async () => {
    for (const scheduleId of created)
      await stack.temporal.schedule
        .getHandle(scheduleId)
        .delete()
        .catch(() => undefined);
    await stack?.close();
    await sink?.close();
  });

  it('applying the declared schedules twice leaves one schedule each, unchanged the second time', async () => {
    const idPrefix = `test-${randomUUID()}-`;
    const schedules = declaredSchedules(stack.env);
    const options = { taskQueue: stack.env.TEMPORAL_TASK_QUEUE, idPrefix };
    created.push(...schedules.map((schedule) => scheduleIdOf(schedule, idPrefix)));

    const first = await applySchedules(stack.temporal, schedules, options);
    const second = await applySchedules(stack.temporal, schedules, options);
    expect(first.map((applied) => applied.outcome)).toEqual(schedules.map(() => 'created'));
    expect(second).toEqual(first.map((applied) => ({ ...applied, outcome: 'unchanged' })));

    const statuses = await describeSchedules(stack.temporal, schedules, idPrefix);
    const nightly = statuses.find((status) => status.scheduleId === `${idPrefix}billable-hours-nightly`)!;
    expect(nightly.state).toBe('active');
    expect(nightly.nextRuns).toHaveLength(3);
    expect(new Date(nightly.nextRuns[0]!).getTime()).toBeGreaterThan(Date.now());

    // A changed declaration is updated in place, keeping an operator's pause.
    await stack.temporal.schedule.getHandle(nightly.scheduleId).pause('investigating');
    const changed = schedules.map((schedule) => ({
      ...schedule,
      spec: { ...schedule.spec, cron: ['45 3 * * *'] },
    }));
    const third = await applySchedules(stack.temporal, changed, options);
    expect(third.find((applied) => applied.scheduleId === nightly.scheduleId)?.outcome).toBe('updated');
    const described = await stack.temporal.schedule.getHandle(nightly.scheduleId).describe();
    expect(described.state.paused).toBe(true);
    expect(described.spec.calendars?.[0]?.hour).toEqual([{ start: 3, end: 3, step: 1 }]);
  });

  it('raises an empty-source alert when a scheduled run finds nothing where the previous run had data', async () => {
    const urls = { projectTool: stack.sandboxes.projectTool.url, billing: stack.sandboxes.billing.url };
    const { projectIds } = await seedLinkedClients(urls, 2);
    const window = { from: '2026-07-01', to: '2026-07-03' };
    await generateTimeEntries(urls.projectTool, { count: 30, project_ids: projectIds, ...window });
    const schedule: DeclaredSchedule = {
      id: `test-${randomUUID()}-billable-hours`,
      description: 'test',
      workflowType: 'batchSyncWorkflow',
      args: [{ integration: 'billable-hours', window } satisfies BatchSyncInput],
      spec: { cron: ['0 3 1 1 *'], timeZone: 'UTC' },
      policies: { overlap: 'SKIP', catchupWindow: '1m', pauseOnFailure: false },
      rationale: 'test',
    };
    created.push(schedule.id);
    await applySchedules(stack.temporal, [schedule], { taskQueue: stack.env.TEMPORAL_TASK_QUEUE });
    const handle = stack.temporal.schedule.getHandle(schedule.id);

    const runOf = async (nth: number) => {
      const { workflowId, firstExecutionRunId } = await waitFor(`scheduled run ${nth}`, async () => {
        const { info } = await handle.describe();
        return info.recentActions[nth - 1]?.action.workflow;
      });
      // Two triggers within one second get the same workflow ID (Temporal appends the time in seconds): use the run.
      const run = stack.temporal.workflow.getHandle(workflowId, firstExecutionRunId);
      await run.result().catch(() => undefined);
      // The schedule learns of the completion (and keeps the result for the next run) asynchronously.
      await waitFor('the schedule to see the run finish', async () =>
        (await handle.describe()).info.runningActions.length === 0 ? true : undefined,
      );
      return { workflowId, status: (await run.describe()).status.name };
    };

    await handle.trigger();
    const first = await runOf(1);
    expect(first.status).toBe('COMPLETED');
    expect(sink.alertsFor(first.workflowId)).toHaveLength(0);

    // The project tool loses its time entries (an outage, a bad migration): the source now returns nothing.
    await fetch(`${urls.projectTool}/__sandbox/reset`, { method: 'POST' });
    await handle.trigger();
    const second = await runOf(2);
    expect(second.status).toBe('FAILED');
    const alerts = await waitFor('the empty-source alert', async () => {
      const received = sink.alertsFor(second.workflowId);
      return received.length > 0 ? received : undefined;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.body.loudwire.alertClass).toBe(AlertClass.emptySource);
    expect(alerts[0]!.body.loudwire.message).toContain('previous run had 6 rows');
  });
});
