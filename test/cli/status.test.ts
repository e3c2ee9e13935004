import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoudwireStatus } from '../../src/cli/integration-status';
import { integrations } from '../../src/integrations/registry';
import { applySchedules, scheduleIdOf } from '../../src/schedules/apply-schedules';
import { declaredSchedules } from '../../src/schedules/declared-schedules';
import { SyncStatus } from '../../src/workflows/record-sync-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { runLoudwireCli } from '../support/run-cli';
import { injectFault } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// `loudwire status` against the real dev server, over records that reached each status the real way: through
// the API, the worker and the sandbox vendors (faults for parking, a large deal for approval, a CLI skip).

let stack: LoudwireTestStack;
let sink: AlertSink;
let cliEnv: Record<string, string>;
const scheduleIdPrefix = `status-${randomUUID().slice(0, 8)}-`;

async function status(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runLoudwireCli(['status', ...args], cliEnv);
}

async function statusJson(): Promise<LoudwireStatus> {
  const result = await status('--format', 'json');
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as LoudwireStatus;
}

async function send(envelope: ReturnType<typeof dealWonEnvelope>): Promise<string> {
  return (await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope)).body.workflowId as string;
}

async function waitForStatus(workflowId: string, status: SyncStatus) {
  await waitFor(`${workflowId} ${status}`, async () => {
    const described = await stack.temporal.workflow.getHandle(workflowId).describe();
    return described.searchAttributes.LoudwireSyncStatus?.[0] === status ? true : undefined;
  });
}

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({
    ALERT_WEBHOOK_URL: sink.url,
    SCHEDULE_ID_PREFIX: scheduleIdPrefix,
    // Interval schedules fire on epoch-aligned boundaries: at the default 15m a run can start by itself mid-test
    // (CI33 crossed 23:00:00) and show RUNNING. At 30d the test's own trigger is, in practice, the only run.
    CREDENTIAL_CHECK_INTERVAL: '30d',
  });
  await stack.startWorker();
  cliEnv = {
    TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: stack.env.TEMPORAL_TASK_QUEUE,
    SCHEDULE_ID_PREFIX: scheduleIdPrefix,
    LOG_LEVEL: 'silent',
  };

  // Parked twice by a destination mismatch (billing answers success and stores nothing); one is then skipped.
  const billing = stack.sandboxes.billing.url;
  const parked: string[] = [];
  for (let index = 0; index < 2; index++) {
    await injectFault(billing, { kind: 'drop_write', count: 1 });
    const workflowId = await send(dealWonEnvelope());
    await waitForStatus(workflowId, SyncStatus.parked);
    parked.push(workflowId);
  }
  const skipped = await runLoudwireCli(
    ['redrive', '--query', `WorkflowId = "${parked[1]}"`, '--action', 'skip', '--operator', 'status-test'],
    cliEnv,
  );
  expect(skipped.code).toBe(0);
  await waitForStatus(parked[1]!, SyncStatus.skipped);

  const synced = [await send(dealWonEnvelope()), await send(dealWonEnvelope())];
  const large = dealWonEnvelope();
  large.data.deal.amount = '90,000.00';
  const awaiting = await send(large);
  for (const workflowId of synced) await waitForStatus(workflowId, SyncStatus.synced);
  await waitForStatus(awaiting, SyncStatus.awaitingApproval);

  // Schedules as `npm start` applies them; the credential check is run once now instead of waiting 15 minutes.
  const schedules = declaredSchedules(stack.env);
  await applySchedules(stack.temporal, schedules, {
    taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
    idPrefix: scheduleIdPrefix,
  });
  const credentialCheck = schedules.find((schedule) => schedule.workflowType === 'credentialHealthWorkflow')!;
  await stack.temporal.schedule.getHandle(scheduleIdOf(credentialCheck, scheduleIdPrefix)).trigger();
}, 120_000);

afterAll(async () => {
  if (stack) {
    for (const schedule of declaredSchedules(stack.env)) {
      await stack.temporal.schedule
        .getHandle(scheduleIdOf(schedule, scheduleIdPrefix))
        .delete()
        .catch(() => undefined);
    }
  }
  await stack?.close();
  await sink?.close();
});

describe('loudwire status', () => {
  it('counts records by status and parked class, new records, schedules and credential health', async () => {
    const result = await waitFor(
      'status to show every record and a completed credential check',
      async () => {
        const current = await statusJson();
        const counts = current.integrations.find(
          (integration) => integration.integration === 'client-onboarding',
        )?.byStatus;
        const settled =
          counts?.Synced === 2 && counts.Parked === 1 && current.credentials.checkedAt !== undefined;
        return settled ? current : undefined;
      },
      30_000,
    );
    expect(result.taskQueue).toBe(stack.env.TEMPORAL_TASK_QUEUE);
    // Every webhook-driven integration is listed; this stack's records are all client-onboarding's.
    expect(result.integrations.map((counts) => counts.integration)).toEqual(
      integrations.map((integration) => integration.name),
    );
    const clientOnboarding = result.integrations.find((counts) => counts.integration === 'client-onboarding');
    expect(clientOnboarding).toEqual({
      integration: 'client-onboarding',
      byStatus: {
        Received: 0,
        Synced: 2,
        Parked: 1,
        Skipped: 1,
        AwaitingApproval: 1,
        ApprovalRejected: 0,
        ApprovalExpired: 0,
        Ignored: 0,
        Archived: 0,
      },
      parkedByClass: { DestinationMismatch: 1 },
      endedAbnormally: 0,
      newRecords: { lastHour: 5, lastDay: 5 },
      // One event each; the skip is an operator decision, not an event.
      acceptedEvents: { lastHour: 5, lastDay: 5 },
    });
    // The record still parked keeps its incident open; `loudwire incidents` lists them another way (a listing
    // and a query per incident).
    const incidents = await runLoudwireCli(['incidents', '--open', '--format', 'json'], cliEnv);
    const openIncidents = JSON.parse(incidents.stdout) as unknown[];
    expect(openIncidents.length).toBeGreaterThan(0);
    expect(result.openIncidents).toBe(openIncidents.length);
    expect(result.schedules.map((schedule) => schedule.scheduleId).sort()).toEqual(
      declaredSchedules(stack.env)
        .map((schedule) => scheduleIdOf(schedule, scheduleIdPrefix))
        .sort(),
    );
    for (const schedule of result.schedules) {
      expect(schedule.state).toBe('active');
      expect(Date.parse(schedule.nextRuns[0]!)).toBeGreaterThan(Date.now() - 60_000);
    }
    const credentialSchedule = result.schedules.find((schedule) =>
      schedule.scheduleId.endsWith('credential-health-check'),
    )!;
    expect(credentialSchedule.lastRunStatus).toBe('COMPLETED');
    // Every connected system's credentials are checked (sources too: look-ups and notes use them).
    expect(result.credentials.results.map((check) => [check.target, check.state]).sort()).toEqual([
      ['accounting', 'ok'],
      ['billing', 'ok'],
      ['crm', 'ok'],
      ['helpdesk', 'ok'],
      ['project-tool', 'ok'],
    ]);
  });

  it('prints the same on one screen as text', async () => {
    const { code, stdout } = await status();
    expect(code).toBe(0);
    expect(stdout).toContain(`task queue ${stack.env.TEMPORAL_TASK_QUEUE}`);
    expect(stdout).toMatch(/client-onboarding: 5 record\(s\)/);
    expect(stdout).toMatch(/synced\s+2\n/);
    expect(stdout).toMatch(/parked\s+1 {2}DestinationMismatch 1\n/);
    expect(stdout).toMatch(/awaiting approval\s+1\n/);
    expect(stdout).toMatch(/skipped\s+1\n/);
    expect(stdout).toMatch(/new records\s+last hour 5 · last day 5/);
    expect(stdout).toMatch(/events accepted\s+last hour 5 · last day 5/);
    expect(stdout).toMatch(/Open incidents\s+[1-9]\d*\s+\(loudwire incidents\)\n/);
    expect(stdout).toMatch(/credential-health-check\s+active\s+last .+ completed · next /);
    expect(stdout).toMatch(/project-tool\s+ok/);
    // One screen of a 40-line terminal, with three integrations and five connected systems.
    expect(stdout.split('\n').length).toBeLessThan(40);
  });

  it('narrows to one integration, and names the known ones for an unknown name', async () => {
    const batch = await status('--integration', 'billable-hours', '--format', 'json');
    const narrowed = JSON.parse(batch.stdout) as LoudwireStatus;
    expect(narrowed.integrations).toEqual([]);
    expect(narrowed.schedules.map((schedule) => schedule.scheduleId)).toEqual([
      `${scheduleIdPrefix}billable-hours-nightly`,
    ]);
    const records = await status('--integration', 'client-onboarding', '--format', 'json');
    const onlyRecords = JSON.parse(records.stdout) as LoudwireStatus;
    expect(onlyRecords.integrations.map((counts) => counts.integration)).toEqual(['client-onboarding']);
    expect(onlyRecords.schedules).toEqual([]);

    const unknown = await status('--integration', 'no-such-thing');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown integration "no-such-thing"');
    expect(unknown.stderr).toContain('client-onboarding');
    expect(unknown.stderr).toContain('billable-hours');
  });
});
