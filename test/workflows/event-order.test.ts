import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import {
  startLoudwireTestStack,
  type LoudwireTestStack,
  type RunningTestWorker,
} from '../support/loudwire-test-stack';
import { targetRecordsFor } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// The README promises: events apply in source-version order, and "arrival order" for events without a version.

let stack: LoudwireTestStack;
let worker: RunningTestWorker | undefined;

beforeAll(async () => {
  stack = await startLoudwireTestStack();
});
afterAll(async () => {
  await worker?.stop();
  await stack?.close();
});

const webhookUrl = () => `${stack.apiUrl}/webhooks/crm`;

function unversionedEnvelope(dealId?: string, companyName?: string) {
  const envelope = dealWonEnvelope({ dealId, companyName });
  delete (envelope.data.deal as { version?: number }).version;
  return envelope;
}

describe('event order', () => {
  it('applies events without a version in arrival order: a later one supersedes a parked earlier one', async () => {
    worker ??= await stack.startWorker();
    const first = unversionedEnvelope();
    const dealId = first.data.deal.id;
    const accepted = await postSignedWebhook(webhookUrl(), first);
    const handle = stack.temporal.workflow.getHandle(accepted.body.workflowId as string);
    // A deal without a version breaks the CRM's contract (version is required), so the first event parks.
    await waitFor('the first event to park', async () => {
      const state = await handle.query(recordSyncStateQuery);
      return state.parked?.eventId === accepted.eventId ? state : undefined;
    });

    const second = await postSignedWebhook(webhookUrl(), unversionedEnvelope(dealId, 'Acme Robotics SE'));
    const state = await waitFor('the later event to be applied (and park on the same drift)', async () => {
      const current = await handle.query(recordSyncStateQuery);
      return current.parked?.eventId === second.eventId ? current : undefined;
    });
    expect(state.counts).toMatchObject({ received: 2, stale: 0 });
    expect(state.status).toBe(SyncStatus.parked);
  });

  it('breaks a version tie by the earlier instant, whatever the UTC offsets say as text', async () => {
    await worker?.stop();
    worker = undefined;
    // 10:00+02:00 is 08:00Z: earlier than 09:00Z, although "10:00" sorts after "09:00" as a string.
    const earlier = dealWonEnvelope({ version: 5, companyName: 'Earlier Instant GmbH' });
    earlier.timestamp = '2026-12-01T10:00:00+02:00';
    const dealId = earlier.data.deal.id;
    const later = dealWonEnvelope({ dealId, version: 5, companyName: 'Later Instant GmbH' });
    later.timestamp = '2026-12-01T09:00:00Z';
    const acceptedLater = await postSignedWebhook(webhookUrl(), later);
    const acceptedEarlier = await postSignedWebhook(webhookUrl(), earlier);
    worker = await stack.startWorker();

    const handle = stack.temporal.workflow.getHandle(acceptedLater.body.workflowId as string);
    const state = await waitFor('both events handled', async () => {
      const current = await handle.query(recordSyncStateQuery);
      return current.status === SyncStatus.synced && current.counts.stale === 1 ? current : undefined;
    });
    expect(state.writes['project-tool/projects']?.eventId).toBe(acceptedEarlier.eventId);
    const { projects } = await targetRecordsFor(stack.sandboxes, dealId);
    expect(projects).toHaveLength(1);
    expect(projects[0]!.client).toBe('Earlier Instant GmbH');
  });
});
