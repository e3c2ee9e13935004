import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncStateQuery } from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { recordsWithExternalId } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

let stack: LoudwireTestStack;

beforeAll(async () => {
  // A tiny history budget makes the record continue as new after a few events.
  stack = await startLoudwireTestStack({ CONTINUE_AS_NEW_AFTER_EVENTS: '25' });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
});

describe('continue-as-new', () => {
  it('hands the record state to the next run, so old event IDs are still recognised', async () => {
    const first = dealWonEnvelope({ version: 1 });
    const dealId = first.data.deal.id;
    const firstResponse = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, first);
    const workflowId = firstResponse.body.workflowId as string;
    const handle = stack.temporal.workflow.getHandle(workflowId);
    const firstRunId = (await handle.describe()).runId;

    for (let version = 2; version <= 8; version += 1) {
      await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, dealWonEnvelope({ dealId, version }));
      await waitFor(`version ${version} processed`, async () => {
        const state = await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
        return state.lastSequence === version ? state : undefined;
      });
    }
    // `lastSequence` moves when an event is taken, before its writes: the run continues as new once they are done.
    const latest = await waitFor('the record to continue as new', async () => {
      const described = await stack.temporal.workflow.getHandle(workflowId).describe();
      return described.runId !== firstRunId ? described : undefined;
    });
    expect(latest.runId).not.toBe(firstRunId);

    // The first event, redelivered to the new run, is still a duplicate.
    await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, first, { eventId: firstResponse.eventId });
    const state = await waitFor('the duplicate counted in the new run', async () => {
      const current = await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
      return current.counts.duplicates >= 1 ? current : undefined;
    });
    expect(state.seenEventIds).toContain(firstResponse.eventId);
    expect(state.writes['project-tool/projects']?.targetId).toMatch(/^prj_/);
    expect(await recordsWithExternalId(stack.sandboxes.projectTool.url, 'projects', dealId)).toHaveLength(1);
  });
});
