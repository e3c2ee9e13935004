import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParkedRecord } from '../../src/cli/parked-records';
import { redriveRecords } from '../../src/cli/redrive-records';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { rawRequest, signedWebhookHeaders } from '../support/raw-http';
import { clearFaults, injectFault, recordsWithExternalId } from '../support/sandbox-control';
import { dealWonEnvelope } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Issue 12: a signed event whose webhook-id holds a space, a tab, non-ASCII or 1,000 characters was accepted and
// then parked for ever as `invalid_idempotency_key`, and its redrive or skip failed (`UpdateId length exceeds
// limit`). The sender did nothing wrong: such events must sync, and parked ones must be redrivable.

let stack: LoudwireTestStack;

beforeAll(async () => {
  stack = await startLoudwireTestStack({ PROJECT_TOOL_RETRY_MAX_ATTEMPTS: '2' });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
});

async function postWithEventId(eventId: Buffer | string) {
  const envelope = dealWonEnvelope();
  const body = Buffer.from(JSON.stringify(envelope));
  const answer = await rawRequest(stack.apiUrl, {
    method: 'POST',
    path: '/webhooks/crm',
    headers: signedWebhookHeaders(body, eventId),
    body,
  });
  expect(answer.status).toBe(202);
  return { dealId: envelope.data.deal.id, workflowId: answer.json?.workflowId as string };
}

function statusOf(workflowId: string, wanted: SyncStatus, timeoutMs = 30_000) {
  return waitFor(
    `${workflowId.slice(0, 60)} to be ${wanted}`,
    async () => {
      const state = await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
      return state.status === wanted ? state : undefined;
    },
    timeoutMs,
  );
}

const oddIds: [string, Buffer | string][] = [
  ['a space', 'msg with space'],
  ['a tab', 'msg\twith\ttab'],
  ['UTF-8 non-ASCII', Buffer.from('msg_événement_東京', 'utf8')],
  ['latin1 bytes', Buffer.from([0x6d, 0x73, 0x67, 0xe9, 0xfc])],
  ['250 characters', `msg_${'x'.repeat(246)}`],
  ['1,000 characters', `msg_${'y'.repeat(996)}`],
];

describe('authentic events with odd webhook-ids', () => {
  it.each(oddIds)('an event whose webhook-id has %s syncs to both targets', async (_label, eventId) => {
    const { dealId, workflowId } = await postWithEventId(eventId);
    await statusOf(workflowId, SyncStatus.synced);
    expect(await recordsWithExternalId(stack.sandboxes.projectTool.url, 'projects', dealId)).toHaveLength(1);
    expect(await recordsWithExternalId(stack.sandboxes.billing.url, 'customers', dealId)).toHaveLength(1);
  });

  it('parked with a 1,000-character webhook-id, it can be redriven and skipped', async () => {
    await injectFault(stack.sandboxes.projectTool.url, { kind: 'http_500', rate: 1 });
    let retried: { dealId: string; workflowId: string };
    let skipped: { dealId: string; workflowId: string };
    try {
      retried = await postWithEventId(`msg_${'r'.repeat(996)}`);
      skipped = await postWithEventId(`msg_${'s é'.repeat(332)}`);
      await statusOf(retried.workflowId, SyncStatus.parked);
      await statusOf(skipped.workflowId, SyncStatus.parked);
    } finally {
      await clearFaults(stack.sandboxes.projectTool.url);
    }
    const parked = (workflowId: string) => [{ workflowId } as ParkedRecord];
    const options = { operator: 'ops-oncall', concurrency: 1 };
    const [retry] = await redriveRecords(stack.temporal, parked(retried.workflowId), {
      ...options,
      action: 'retry',
    });
    const [skip] = await redriveRecords(stack.temporal, parked(skipped.workflowId), {
      ...options,
      action: 'skip',
    });
    expect(retry).toMatchObject({ verdict: 'accepted' });
    expect(skip).toMatchObject({ verdict: 'accepted' });
    await statusOf(retried.workflowId, SyncStatus.synced);
    await statusOf(skipped.workflowId, SyncStatus.skipped);
    expect(
      await recordsWithExternalId(stack.sandboxes.projectTool.url, 'projects', retried.dealId),
    ).toHaveLength(1);

    // The same redrive again is refused by the validator: the Update ID is stable, the record no longer parked.
    const [again] = await redriveRecords(stack.temporal, parked(retried.workflowId), {
      ...options,
      action: 'retry',
    });
    expect(again).toMatchObject({ verdict: 'not-applicable' });
  }, 60_000);
});
