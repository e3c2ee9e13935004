import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RedriveAction,
  recordSyncStateQuery,
  redriveUpdate,
  SyncStatus,
} from '../../src/workflows/record-sync-messages';
import { callApprovals, decisionPath, tokens, waitForApproval } from '../approvals/approval-test-kit';
import { loudwireDataConverter } from '../../src/encryption/loudwire-data-converter';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { releaseWorkerFactory } from '../support/release-bundle';
import { targetRecordsFor } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Deploy day. Records are opened by the workflow code of the release before this work (2af7b8e; its worker gets
// today's data converter, as the encryption rollout upgrades workers first): one parked,
// one awaiting approval, one synced and sitting in its dedup window. The worker is then replaced by one running
// this commit's code, which must replay each history (patched() keeps the old paths for them) and carry each
// record to its correct end.
const previousRelease = '2af7b8e';

let stack: LoudwireTestStack;
let sink: AlertSink;
let previousReleaseWorker: Awaited<ReturnType<typeof releaseWorkerFactory>>;

beforeAll(async () => {
  sink = await startAlertSink();
  // 12,500.00 deals need approval here; the dedup window is short so the synced record closes in the test.
  stack = await startLoudwireTestStack({
    ALERT_WEBHOOK_URL: sink.url,
    APPROVAL_AMOUNT_THRESHOLD_MINOR: '1000000',
    DEDUP_WINDOW: '25s',
  });
  // The previous release's worker, with its own activities and its own variable names.
  previousReleaseWorker = await releaseWorkerFactory(
    previousRelease,
    {
      NODE_ENV: 'test',
      TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: stack.env.TEMPORAL_TASK_QUEUE,
      PROJECTS_BASE_URL: stack.sandboxes.projectTool.url,
      BILLING_BASE_URL: stack.sandboxes.billing.url,
      ALERT_WEBHOOK_URL: sink.url,
      APPROVAL_AMOUNT_THRESHOLD_MINOR: '1000000',
      DEDUP_WINDOW: '25s',
      PUBLIC_API_URL: stack.apiUrl,
      TARGET_HTTP_TIMEOUT: '2s',
    },
    loudwireDataConverter(stack.env.PAYLOAD_ENCRYPTION_KEYS),
  );
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

const webhookUrl = () => `${stack.apiUrl}/webhooks/crm`;
const stateOf = (workflowId: string) =>
  stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);

async function approve(workflowId: string) {
  await waitForApproval(stack.temporal, workflowId, (view) => view.state === 'pending');
  const decided = await callApprovals(stack, decisionPath(workflowId), {
    token: tokens.salesLead,
    body: { decision: 'approve', comment: 'upgrade test' },
  });
  expect(decided.status).toBe(200);
}

async function expectOneOfEach(dealId: string) {
  const { projects, customers } = await targetRecordsFor(stack.sandboxes, dealId);
  expect([projects.length, customers.length]).toEqual([1, 1]);
}

describe('upgrading the worker under open records', () => {
  it('records opened on the previous release complete correctly on this code', async () => {
    const oldWorker = await stack.startWorker({ create: previousReleaseWorker });

    // Parked: a deal without its version breaks the contract.
    const parkedEnvelope = dealWonEnvelope();
    delete (parkedEnvelope.data.deal as { version?: number }).version;
    const parked = await postSignedWebhook(webhookUrl(), parkedEnvelope);
    const parkedId = parked.body.workflowId as string;
    // Awaiting approval.
    const awaiting = await postSignedWebhook(webhookUrl(), dealWonEnvelope());
    const awaitingId = awaiting.body.workflowId as string;
    await waitForApproval(stack.temporal, awaitingId);
    // Synced and in its dedup window: approved on the old code.
    const syncedEnvelope = dealWonEnvelope();
    const synced = await postSignedWebhook(webhookUrl(), syncedEnvelope);
    const syncedId = synced.body.workflowId as string;
    await approve(syncedId);
    await waitFor('the old code to park, wait and sync', async () => {
      const [a, b, c] = await Promise.all([stateOf(parkedId), stateOf(awaitingId), stateOf(syncedId)]);
      return a.status === SyncStatus.parked &&
        b.status === SyncStatus.awaitingApproval &&
        c.status === SyncStatus.synced
        ? true
        : undefined;
    });

    // Deploy: the old worker stops, the new one starts with an empty cache and replays every history.
    await oldWorker.stop();
    await stack.startWorker();

    // In the dedup window: a redelivery is absorbed, the record closes on time as Synced.
    await postSignedWebhook(webhookUrl(), syncedEnvelope, { eventId: synced.eventId });
    const syncedHandle = stack.temporal.workflow.getHandle(syncedId);
    await waitFor('the redelivery to count as a duplicate', async () =>
      (await stateOf(syncedId)).counts.duplicates === 1 ? true : undefined,
    );
    // Awaiting approval: approved on the new code, written once.
    await approve(awaitingId);
    await waitFor('the approved record to sync on the new code', async () =>
      (await stateOf(awaitingId)).status === SyncStatus.synced ? true : undefined,
    );
    // Parked: redriven on the new code with the corrected payload, approved, written once.
    await stack.temporal.workflow.getHandle(parkedId).executeUpdate(redriveUpdate, {
      args: [
        {
          action: RedriveAction.retryWithPayload,
          operator: 'upgrade-test',
          payload: { ...parkedEnvelope.data, deal: { ...parkedEnvelope.data.deal, version: 2 } },
        },
      ],
    });
    await approve(parkedId);
    await waitFor('the redriven record to sync on the new code', async () =>
      (await stateOf(parkedId)).status === SyncStatus.synced ? true : undefined,
    );

    expect(await syncedHandle.result()).toMatchObject({ status: SyncStatus.synced });
    for (const envelope of [parkedEnvelope, syncedEnvelope]) await expectOneOfEach(envelope.data.deal.id);
    const awaitingDeal = (await stateOf(awaitingId)).writes;
    expect(Object.keys(awaitingDeal).sort()).toEqual(['billing', 'project-tool']);
    // No workflow task failed on the new code (a nondeterminism error would show here, then retry forever).
    for (const workflowId of [parkedId, awaitingId, syncedId]) {
      const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
      const failedTasks = (history.events ?? []).filter((event) => event.workflowTaskFailedEventAttributes);
      expect(failedTasks, workflowId).toEqual([]);
    }
  }, 120_000);
});
