import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/config/environment';
import { billableHoursSchedules } from '../../src/integrations/billable-hours/schedule';
import type { BatchSyncInput, BatchSyncResult } from '../../src/workflows/batch-sync-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { seedLinkedClients, storedUsage } from './billable-hours-fixtures';

// Hours booked late for a day already billed: the next nightly run (its declared look-back window) corrects the
// usage record by billing's replace rule, reconciles, and raises one alert naming the day and the customer.

let sink: AlertSink;
let stack: LoudwireTestStack;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({ ALERT_WEBHOOK_URL: sink.url });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function bookTime(projectId: string, date: string, minutes: number) {
  const response = await fetch(`${stack.sandboxes.projectTool.url}/v2/time_entries`, {
    method: 'POST',
    headers: { 'x-api-key': 'projects_dev_key', 'content-type': 'application/json' },
    body: JSON.stringify({ project_id: projectId, person_id: 'person_1', date, minutes, billable: true }),
  });
  if (!response.ok) throw new Error(`time entry refused: ${response.status} ${await response.text()}`);
}

/** Runs the nightly schedule's own input (its look-back window) as the schedule would. */
async function runNightly(): Promise<BatchSyncResult> {
  const [nightly] = billableHoursSchedules(stack.env);
  const handle = await stack.temporal.workflow.start('batchSyncWorkflow', {
    args: [nightly!.args[0] as BatchSyncInput],
    taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
    workflowId: `billable-hours-nightly-test-${randomUUID()}`,
  });
  return (await handle.result()) as BatchSyncResult;
}

const corrections = () => sink.alerts.filter((alert) => alert.alertClass === 'BatchCorrected');

describe('billable-hours corrections', () => {
  it('looks back 7 days by default, configurable', () => {
    const [nightly] = billableHoursSchedules(stack.env);
    expect((nightly!.args[0] as BatchSyncInput).windowDays).toBe(7);
    const env = loadEnvironment({ NODE_ENV: 'test', BILLABLE_HOURS_LOOKBACK_DAYS: '14' });
    expect((billableHoursSchedules(env)[0]!.args[0] as BatchSyncInput).windowDays).toBe(14);
    expect(() => loadEnvironment({ NODE_ENV: 'test', BILLABLE_HOURS_LOOKBACK_DAYS: '0' })).toThrow(
      /BILLABLE_HOURS_LOOKBACK_DAYS/,
    );
  });

  it('bills a time entry booked for a closed day in the next nightly run, with one alert naming day and customer', async () => {
    const { projectIds, dealIds } = await seedLinkedClients(
      { projectTool: stack.sandboxes.projectTool.url, billing: stack.sandboxes.billing.url },
      2,
    );
    const closedDay = daysAgo(3);
    await bookTime(projectIds[0]!, closedDay, 120);
    await bookTime(projectIds[1]!, daysAgo(2), 60);
    const first = await runNightly();
    expect(first.sourceRows).toBe(2);
    expect(corrections()).toHaveLength(0);

    // Booked today for a day that was already billed.
    await bookTime(projectIds[0]!, closedDay, 45);
    const second = await runNightly();
    expect(second.sourceRows).toBe(2);
    expect(second.destinationRows).toBe(2);
    expect(second.counts).toMatchObject({ duplicates: 1 });

    const current = (await storedUsage(stack.sandboxes.billing.url)).filter(
      (record) => !(record as { superseded_by?: string }).superseded_by,
    );
    const billed = current.find((r) => r.customer_external_id === dealIds[0] && r.usage_date === closedDay);
    expect(billed?.quantity).toBe(165);
    expect(current).toHaveLength(2);

    expect(corrections()).toHaveLength(1);
    const [alert] = corrections();
    expect(alert!.message).toContain(`customer_external_id ${dealIds[0]}`);
    expect(alert!.message).toContain(`usage_date ${closedDay}`);
    expect(alert!.message).toMatch(/"quantity":120.*→.*"quantity":165/);

    // Nothing changed since: the next night writes nothing and alerts nothing.
    const third = await runNightly();
    expect(third.counts).toMatchObject({ created: 0, duplicates: 2 });
    expect(corrections()).toHaveLength(1);
  });
});
