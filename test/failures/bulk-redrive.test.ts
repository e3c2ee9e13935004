import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { runLoudwireCli } from '../support/run-cli';
import { clearFaults, injectFault, recordsWithExternalId } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({ ALERT_WEBHOOK_URL: sink.url, PROJECT_TOOL_RETRY_MAX_ATTEMPTS: '2' });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

describe('loudwire parked / loudwire redrive', () => {
  it('lists parked records, then one bulk redrive completes all of them, idempotently', async () => {
    const cliEnv = { TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS, LOG_LEVEL: 'silent' };
    const onlyThisStack = `TaskQueue = "${stack.env.TEMPORAL_TASK_QUEUE}"`;
    await injectFault(stack.sandboxes.projectTool.url, { kind: 'http_500', rate: 1 });
    const envelopes = [dealWonEnvelope(), dealWonEnvelope(), dealWonEnvelope()];
    const workflowIds: string[] = [];
    for (const envelope of envelopes) {
      workflowIds.push(
        (await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope)).body.workflowId as string,
      );
    }
    // One cause, one incident: the first record's alert opens it, the other two join it silently.
    await waitFor(
      "the incident's opening alert",
      async () => (sink.received.length === 1 ? true : undefined),
      30_000,
    );

    const listed = await waitFor('the parked list to show all three', async () => {
      const result = await runLoudwireCli(['parked', '--query', onlyThisStack, '--format', 'json'], cliEnv);
      const records = JSON.parse(result.stdout) as {
        workflowId: string;
        parkedClass: string;
        parkedReason: string;
      }[];
      return records.length === 3 ? records : undefined;
    });
    expect(listed.map((record) => record.workflowId).sort()).toEqual([...workflowIds].sort());
    expect(listed.every((record) => record.parkedClass === 'RetryExhausted')).toBe(true);
    expect(
      listed.every((record) => /^project-tool(\/\w+)? — retries exhausted/.test(record.parkedReason)),
    ).toBe(true);

    await clearFaults(stack.sandboxes.projectTool.url);
    const redrive = await runLoudwireCli(
      ['redrive', '--query', onlyThisStack, '--operator', 'ops-oncall', '--reason', 'project tool is back'],
      cliEnv,
    );
    expect(redrive.code).toBe(0);
    expect(redrive.stdout).toContain('redrive retry: 3 accepted, 0 no longer parked, 0 failed, of 3');
    expect(redrive.stderr).toMatch(/\[3\/3\] client-onboarding:crm:\S+: accepted/);

    for (const workflowId of workflowIds) {
      await waitFor(`${workflowId} synced`, async () => {
        const state = await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
        return state.status === SyncStatus.synced ? state : undefined;
      });
    }
    for (const envelope of envelopes) {
      const dealId = envelope.data.deal.id;
      expect(await recordsWithExternalId(stack.sandboxes.projectTool.url, 'projects', dealId)).toHaveLength(
        1,
      );
      expect(await recordsWithExternalId(stack.sandboxes.billing.url, 'customers', dealId)).toHaveLength(1);
    }

    // The decision is in each history, with who made it.
    const history = await stack.temporal.workflow.getHandle(workflowIds[0]!).fetchHistory();
    const updateAccepted = history.events?.filter(
      (event) => event.workflowExecutionUpdateAcceptedEventAttributes,
    );
    expect(updateAccepted).toHaveLength(1);
    expect(JSON.stringify(updateAccepted)).toContain('redrive');

    // Running it again changes nothing.
    const again = await runLoudwireCli(
      ['redrive', '--query', onlyThisStack, '--operator', 'ops-oncall'],
      cliEnv,
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/redrive retry: 0 accepted/);
    await waitFor('the resolved message', async () => (sink.received.length === 2 ? true : undefined));
    expect(sink.alerts.map((alert) => alert.alertClass)).toEqual(['RetryExhausted', 'IncidentResolved']);
    expect(sink.alerts[1]!.message).toContain('3 record(s) — 3 redriven, 0 skipped, 0 superseded');
  });

  it('explains a usage error and exits 2', async () => {
    const result = await runLoudwireCli(['redrive'], { TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'say which records: --incident ID, --query "<visibility query>" or --all',
    );
  });
});
