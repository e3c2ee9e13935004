import { defaultPayloadConverter, type ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toApplicationFailure } from '../../src/activities/target-failure-to-application-failure';
import { FailureClass, TargetFailure } from '../../src/systems/kit/target-failure';
import { EncryptionCodec } from '../../src/encryption/encryption-codec';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { injectFault } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Personal fields are redacted in the workflow, before the alert activity is scheduled, and in failure details
// before they leave the activity: the history holds the redacted versions (and, encrypted, the full signal).

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

describe('redaction before scheduling', () => {
  it('schedules the alert activity with the payload already redacted', async () => {
    await injectFault(stack.sandboxes.billing.url, { kind: 'error_body_200', count: 100 });
    const envelope = dealWonEnvelope();
    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    const workflowId = accepted.body.workflowId as string;
    const handle = stack.temporal.workflow.getHandle(workflowId);
    await waitFor('the record to park', async () =>
      (await handle.query(recordSyncStateQuery)).status === SyncStatus.parked ? true : undefined,
    );
    // A parked record's alert goes to its incident (joinIncident), which sends it as its opening alert.
    const scheduled = await waitFor('the join activity in history', async () =>
      ((await handle.fetchHistory()).events ?? []).find(
        (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'joinIncident',
      ),
    );
    const codec = new EncryptionCodec(stack.env.PAYLOAD_ENCRYPTION_KEYS);
    const [joinInput] = await codec.decode(scheduled.activityTaskScheduledEventAttributes!.input!.payloads!);
    const join = defaultPayloadConverter.fromPayload<{
      incidentWorkflowId: string;
      join: { alert: { payload: typeof envelope.data } };
    }>(joinInput!);
    const incident = stack.temporal.workflow.getHandle(join.incidentWorkflowId);
    const sent = await waitFor('the alert activity in the incident history', async () =>
      ((await incident.fetchHistory()).events ?? []).find(
        (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'sendAlert',
      ),
    );
    const [input] = await codec.decode(sent.activityTaskScheduledEventAttributes!.input!.payloads!);
    const alert = defaultPayloadConverter.fromPayload<{ payload: typeof envelope.data }>(input!);
    expect(JSON.stringify(join.join.alert)).not.toContain('Acme-Robotics.example');
    expect(alert.payload.contact).toMatchObject({
      email: '[redacted]',
      firstName: '[redacted]',
      phone: '[redacted]',
    });
    expect(alert.payload.deal.ownerEmail).toBe('[redacted]');
    expect(JSON.stringify(alert)).not.toContain('Acme-Robotics.example');
    // The full payload is still there for authorized operators: in the (encrypted) webhook signal.
    const signal = ((await handle.fetchHistory()).events ?? []).find(
      (event) => event.workflowExecutionSignaledEventAttributes,
    );
    const [event] = await codec.decode(signal!.workflowExecutionSignaledEventAttributes!.input!.payloads!);
    expect(JSON.stringify(defaultPayloadConverter.fromPayload(event!))).toContain(
      'Ada@Acme-Robotics.example',
    );
  });

  it('redacts personal fields in failure details, including read-back mismatches of personal fields', () => {
    const failure = toApplicationFailure(
      new TargetFailure(FailureClass.destinationMismatch, 'billing holds something else', {
        responseBody: {
          customer: { id: 'cus_1', email: 'ada@acme.example', name: 'Acme' },
          mismatches: [
            { field: 'contact.email', intended: 'ada@acme.example', stored: 'eve@evil.example' },
            { field: 'country', intended: 'DE', stored: 'AT' },
          ],
        },
      }),
    ) as ApplicationFailure;
    const [details] = failure.details as [{ responseBody: unknown }];
    expect(details.responseBody).toEqual({
      customer: { id: 'cus_1', email: '[redacted]', name: 'Acme' },
      mismatches: [
        { field: 'contact.email', intended: '[redacted]', stored: '[redacted]' },
        { field: 'country', intended: 'DE', stored: 'AT' },
      ],
    });
  });
});
