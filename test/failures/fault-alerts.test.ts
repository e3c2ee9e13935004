import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentDefaults } from '../../src/config/development-defaults';
import {
  RedriveAction,
  recordSyncStateQuery,
  redriveUpdate,
  SyncStatus,
  type RecordSyncState,
} from '../../src/workflows/record-sync-messages';
import { startAlertSink, type AlertSink, type ReceivedAlert } from '../support/alert-sink';
import { crmDeliveries, winNewDeal } from '../support/crm-client';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import {
  clearFaults,
  injectFault,
  recordsWithExternalId,
  targetRecordsFor,
} from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Every fault the sandboxes can inject, end to end through the real API, worker and Temporal server: exactly one
// alert of the right class reaches the alert webhook within seconds, nothing is lost or duplicated, and a
// redrive after the fault is cleared completes the record. Retry schedules are shortened by env only.

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack(
    {
      ALERT_WEBHOOK_URL: sink.url,
      TARGET_HTTP_TIMEOUT: '1s',
      PROJECT_TOOL_RETRY_MAX_ATTEMPTS: '3',
      BILLING_RETRY_MAX_ATTEMPTS: '3',
    },
    { captureLogs: true },
  );
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

const secrets = [
  developmentDefaults.CRM_WEBHOOK_SECRET!,
  developmentDefaults.CRM_API_KEY!,
  developmentDefaults.PROJECT_TOOL_API_KEY!,
  developmentDefaults.BILLING_CLIENT_SECRET!,
];

async function stateOf(workflowId: string): Promise<RecordSyncState> {
  return stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
}

async function waitForStatus(workflowId: string, status: SyncStatus): Promise<RecordSyncState> {
  return waitFor(`${workflowId} to be ${status}`, async () => {
    const state = await stateOf(workflowId);
    return state.status === status ? state : undefined;
  });
}

/** Waits for the record to park and its alert to arrive, and checks what every alert must carry. */
async function expectOneAlert(workflowId: string, alertClass: string): Promise<ReceivedAlert> {
  const parked = await waitForStatus(workflowId, SyncStatus.parked);
  const alert = await waitFor(
    `an alert for ${workflowId}`,
    async () => sink.alertsFor(workflowId)[0],
    30_000,
  );
  expect(sink.alertsFor(workflowId)).toHaveLength(1);
  const { loudwire } = alert.body;
  expect(loudwire).toMatchObject({
    alertClass,
    integration: 'client-onboarding',
    workflowId,
    incidentId: parked.parked!.incidentId,
  });
  expect(loudwire.workflowUrl).toBe(
    `${stack.env.TEMPORAL_UI_URL}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`,
  );
  expect(alert.body.text).toContain(alertClass);
  // The acceptance bound: the alert lands within 30 s of the record parking after its last attempt.
  expect(alert.receivedAt - parked.parked!.since).toBeLessThan(30_000);
  for (const secret of secrets) expect(alert.rawText).not.toContain(secret);
  return alert;
}

async function redrive(workflowId: string, action: RedriveAction = RedriveAction.retry, payload?: unknown) {
  const state = await stateOf(workflowId);
  await stack.temporal.workflow.getHandle(workflowId).executeUpdate(redriveUpdate, {
    args: [{ action, operator: 'test-operator', incidentId: state.parked!.incidentId, payload }],
    updateId: `redrive:${state.parked!.incidentId}`,
  });
}

async function expectExactlyOneOfEach(dealId: string) {
  const { projects, customers } = await targetRecordsFor(stack.sandboxes, dealId);
  expect(projects).toHaveLength(1);
  expect(customers).toHaveLength(1);
  return { project: projects[0]!, customer: customers[0]! };
}

const targetFaults = [
  { sandbox: 'projectTool', fault: { kind: 'http_500', rate: 1 }, alertClass: 'RetryExhausted' },
  {
    sandbox: 'billing',
    fault: { kind: 'http_429', rate: 1, retryAfterSeconds: 1 },
    alertClass: 'RetryExhausted',
  },
  { sandbox: 'projectTool', fault: { kind: 'slow', rate: 1, delayMs: 1_500 }, alertClass: 'RetryExhausted' },
  { sandbox: 'billing', fault: { kind: 'error_body_200', rate: 1 }, alertClass: 'ErrorInSuccessBody' },
  { sandbox: 'projectTool', fault: { kind: 'error_body_200', rate: 1 }, alertClass: 'ErrorInSuccessBody' },
  {
    sandbox: 'projectTool',
    fault: { kind: 'expired_credentials', rate: 1 },
    alertClass: 'CredentialsRejected',
  },
  { sandbox: 'billing', fault: { kind: 'expired_credentials', rate: 1 }, alertClass: 'CredentialsRejected' },
  { sandbox: 'billing', fault: { kind: 'revoked_credentials', rate: 1 }, alertClass: 'CredentialsRejected' },
  { sandbox: 'billing', fault: { kind: 'drop_write', count: 1 }, alertClass: 'DestinationMismatch' },
  { sandbox: 'projectTool', fault: { kind: 'alter_write', count: 1 }, alertClass: 'DestinationMismatch' },
] as const;

describe('target faults: one alert, parked, redriven to exactly one record', () => {
  it.each(targetFaults)('$sandbox $fault.kind → $alertClass', async ({ sandbox, fault, alertClass }) => {
    const sandboxUrl = stack.sandboxes[sandbox].url;
    await injectFault(sandboxUrl, fault);
    const envelope = dealWonEnvelope();
    const dealId = envelope.data.deal.id;
    let workflowId: string;
    try {
      workflowId = (await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope)).body
        .workflowId as string;
      await expectOneAlert(workflowId, alertClass);
    } finally {
      await clearFaults(sandboxUrl);
    }
    await redrive(workflowId);
    await waitForStatus(workflowId, SyncStatus.synced);
    const { project, customer } = await expectExactlyOneOfEach(dealId);
    // What landed is what was intended: the alter fault's damage was repaired, nothing half-written.
    expect(project.client).toBe('Acme Robotics GmbH');
    expect(customer).toMatchObject({ country: 'DE', currency: 'USD', name: 'Acme Robotics GmbH' });
    expect(sink.alertsFor(workflowId)).toHaveLength(1);
  });
});

describe('source faults from the CRM webhook', () => {
  const crmUrl = () => stack.sandboxes.crm.url;

  it.each([
    ['webhook_renamed_field', /company\.name renamed to company\.companyName/],
    ['webhook_missing_field', /deal\.amount is missing/],
    ['webhook_type_changed', /deal\.amount changed type: expected string\|number, got object/],
  ])('%s → SchemaDrift with the diff; a corrected payload completes the record', async (kind, diffLine) => {
    await injectFault(crmUrl(), { kind, count: 1 });
    const dealId = await winNewDeal(crmUrl());
    const workflowId = `client-onboarding:crm:${dealId}`;
    const alert = await expectOneAlert(workflowId, 'SchemaDrift');
    expect(alert.body.loudwire.message).toMatch(diffLine);
    expect(alert.body.loudwire.severity).toBe('critical');
    const contact = (alert.body.loudwire.payload as { contact: Record<string, unknown> }).contact;
    expect(contact.email).toBe('[redacted]');

    const delivery = (await crmDeliveries(crmUrl())).find(
      (entry) => (entry.payload.data.deal as { id?: string } | undefined)?.id === dealId,
    )!;
    const corrected = structuredClone(delivery.payload.data) as Record<string, Record<string, unknown>>;
    if (kind === 'webhook_renamed_field') {
      corrected.company!.name = corrected.company!.companyName;
      delete corrected.company!.companyName;
    } else {
      corrected.deal!.amount = '4,200.00';
    }
    await redrive(workflowId, RedriveAction.retryWithPayload, corrected);
    await waitForStatus(workflowId, SyncStatus.synced);
    await expectExactlyOneOfEach(dealId);
    expect(sink.alertsFor(workflowId)).toHaveLength(1);
  });

  it('webhook_unexpected_field → one SchemaDrift warning, and the record still syncs', async () => {
    await injectFault(crmUrl(), { kind: 'webhook_unexpected_field', count: 1 });
    const dealId = await winNewDeal(crmUrl());
    const workflowId = `client-onboarding:crm:${dealId}`;
    await waitForStatus(workflowId, SyncStatus.synced);
    const alert = await waitFor('the drift warning', async () => sink.alertsFor(workflowId)[0]);
    expect(alert.body.loudwire).toMatchObject({ alertClass: 'SchemaDrift', severity: 'warning' });
    expect(alert.body.loudwire.message).toMatch(/deal\.probabilityPct is new/);
    await expectExactlyOneOfEach(dealId);
    expect(sink.alertsFor(workflowId)).toHaveLength(1);
  });

  it('webhook_empty_payload → EmptyPayload, kept under its event ID until an operator skips it', async () => {
    await injectFault(crmUrl(), { kind: 'webhook_empty_payload', count: 1 });
    const dealId = await winNewDeal(crmUrl());
    const delivery = await waitFor('the empty delivery', async () =>
      (await crmDeliveries(crmUrl())).find((entry) => Object.keys(entry.payload.data).length === 0),
    );
    const workflowId = `client-onboarding:crm:unidentified-${delivery.eventId}`;
    await expectOneAlert(workflowId, 'EmptyPayload');
    await redrive(workflowId, RedriveAction.skip);
    await waitForStatus(workflowId, SyncStatus.skipped);
    expect(await recordsWithExternalId(stack.sandboxes.projectTool.url, 'projects', dealId)).toHaveLength(0);
  });
});

describe('alert delivery', () => {
  it('survives an alert endpoint that fails twice: the alert still arrives, once', async () => {
    sink.failNext(2);
    const envelope = dealWonEnvelope();
    envelope.data.company.country = 'Atlantis';
    const workflowId = (await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope)).body
      .workflowId as string;
    const alert = await expectOneAlert(workflowId, 'RecordRejected');
    expect(alert.body.loudwire.message).toContain('company.country');
  });

  it('no secret appears in any log line of the API and worker (every vendor exchange is logged in full)', () => {
    expect(stack.logLines.length).toBeGreaterThan(100);
    expect(stack.logLines.some((line) => line.includes('"http exchange"'))).toBe(true);
    for (const secret of [...secrets, developmentDefaults.BILLING_CLIENT_ID!]) {
      expect(stack.logLines.filter((line) => line.includes(secret))).toEqual([]);
    }
    // Tokens issued by the billing sandbox are redacted too.
    expect(stack.logLines.filter((line) => /Bearer [A-Za-z0-9]/.test(line))).toEqual([]);
  });

  it('a run without faults raises no alert', async () => {
    const envelope = dealWonEnvelope();
    const workflowId = (await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope)).body
      .workflowId as string;
    await waitForStatus(workflowId, SyncStatus.synced);
    await expectExactlyOneOfEach(envelope.data.deal.id);
    expect(sink.alertsFor(workflowId)).toHaveLength(0);
  });
});
