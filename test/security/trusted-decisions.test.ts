import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptionCodec } from '../../src/encryption/encryption-codec';
import { recordWorkflowId } from '../../src/temporal/record-workflow-id';
import { approvalDecisionUpdate } from '../../src/workflows/approval-messages';
import {
  recordSyncStateQuery,
  redriveUpdate,
  RedriveAction,
  sourceEventSignal,
  SyncStatus,
} from '../../src/workflows/record-sync-messages';
import {
  acceptedDecisions,
  approvalEnvironment,
  targetRecords,
  waitForApproval,
} from '../approvals/approval-test-kit';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { clearFaults, injectFault } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Someone who reaches Temporal's gRPC port but holds none of Loudwire's keys (the `temporal` CLI, or any SDK
// client) cannot approve a deal, redrive a record or inject a webhook event. Nor can an operator who only has the
// codec server: what it encodes is marked as operator-made.

let stack: LoudwireTestStack;
let sink: AlertSink;
let rawConnection: Connection;
let raw: Client; // raw Temporal access: no data converter, no keys
let viaCodecServer: Client; // the Loudwire keys, but payloads marked as encoded by the codec server

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack(approvalEnvironment(sink, { APPROVAL_TIMEOUT: '1h' }));
  await stack.startWorker();
  rawConnection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
  raw = new Client({ connection: rawConnection });
  viaCodecServer = new Client({
    connection: rawConnection,
    dataConverter: {
      payloadCodecs: [new EncryptionCodec(stack.env.PAYLOAD_ENCRYPTION_KEYS, 'codec-server')],
    },
  });
});
afterAll(async () => {
  await stack?.close();
  await rawConnection?.close();
  await sink?.close();
});

const stateOf = (workflowId: string) =>
  stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);

async function acceptedUpdates(workflowId: string): Promise<number> {
  const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)
    .length;
}

describe('decisions the worker can trust', () => {
  it('refuses an approval sent with raw Temporal access or through the codec server; nothing enters the history', async () => {
    const envelope = dealWonEnvelope();
    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    const workflowId = accepted.body.workflowId as string;
    const view = await waitForApproval(stack.temporal, workflowId);
    // What `temporal workflow update execute --name approvalDecision` would send: any email, any group.
    const forged = {
      requestId: view.requestId,
      decision: 'approve' as const,
      comment: 'looks fine',
      approver: { email: 'intruder@example.com', groups: ['sales-leads', 'finance'] },
    };
    // The raw client cannot even read the refusal: its message is encrypted too.
    await expect(
      raw.workflow.getHandle(workflowId).executeUpdate(approvalDecisionUpdate, { args: [forged] }),
    ).rejects.toThrow(/binary\/encrypted/);
    await expect(
      viaCodecServer.workflow.getHandle(workflowId).executeUpdate(approvalDecisionUpdate, { args: [forged] }),
    ).rejects.toMatchObject({
      cause: { message: 'Approval decisions are accepted only from the Loudwire approvals API' },
    });
    expect(await acceptedDecisions(stack.temporal, workflowId)).toEqual([]);
    expect((await stateOf(workflowId)).status).toBe(SyncStatus.awaitingApproval);
    expect(await targetRecords(stack, envelope.data.deal.id)).toEqual({ projects: [], customers: [] });
  });

  it('refuses a redrive without Loudwire’s keys, and applies the same redrive from Loudwire', async () => {
    await injectFault(stack.sandboxes.billing.url, { kind: 'error_body_200', count: 100 });
    const envelope = dealWonEnvelope();
    envelope.data.deal.amount = '10.00'; // no approval: straight to the failing write
    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    const workflowId = accepted.body.workflowId as string;
    await waitFor('the record to park', async () =>
      (await stateOf(workflowId)).status === SyncStatus.parked ? true : undefined,
    );
    await clearFaults(stack.sandboxes.billing.url);
    const skip = { action: RedriveAction.skip, operator: 'intruder' };
    await expect(
      raw.workflow.getHandle(workflowId).executeUpdate(redriveUpdate, { args: [skip] }),
    ).rejects.toThrow(/binary\/encrypted/);
    await expect(
      viaCodecServer.workflow.getHandle(workflowId).executeUpdate(redriveUpdate, { args: [skip] }),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/^Redrives are accepted only from Loudwire/) },
    });
    expect(await acceptedUpdates(workflowId)).toBe(0);
    expect((await stateOf(workflowId)).status).toBe(SyncStatus.parked);
    // The control: the same request through Loudwire's own client is accepted.
    await stack.temporal.workflow
      .getHandle(workflowId)
      .executeUpdate(redriveUpdate, { args: [{ action: RedriveAction.retry, operator: 'ops' }] });
    await waitFor('the redriven record to sync', async () =>
      (await stateOf(workflowId)).status === SyncStatus.synced ? true : undefined,
    );
  });

  it('never applies a source event signalled without Loudwire’s keys', async () => {
    const envelope = dealWonEnvelope();
    envelope.data.deal.amount = '10.00';
    const recordKey = envelope.data.deal.id;
    const workflowId = recordWorkflowId('client-onboarding', 'crm', recordKey);
    const crafted = {
      eventId: `msg_${randomUUID()}`,
      type: 'deal.won',
      occurredAt: new Date().toISOString(),
      sequence: 2,
      payload: envelope.data,
    };
    for (const client of [raw, viaCodecServer]) {
      await client.workflow.signalWithStart('recordSyncWorkflow', {
        workflowId,
        taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
        args: [{ integration: 'client-onboarding', source: 'crm', recordKey }],
        signal: sourceEventSignal,
        signalArgs: [{ ...crafted, eventId: `msg_${randomUUID()}` }],
      });
    }
    // The worker has processed both signals once its first workflow task completed.
    await waitFor('the worker to process the signals', async () => {
      const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
      return (history.events ?? []).some((event) => event.workflowTaskCompletedEventAttributes)
        ? true
        : undefined;
    });
    const state = await stateOf(workflowId);
    expect(state.counts.received).toBe(0);
    expect(await targetRecords(stack, recordKey)).toEqual({ projects: [], customers: [] });
    // The control: the same event through the API (signed webhook) is applied.
    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    expect(accepted.body.workflowId).toBe(workflowId);
    await waitFor('the signed event to sync', async () =>
      (await stateOf(workflowId)).status === SyncStatus.synced ? true : undefined,
    );
  });
});
