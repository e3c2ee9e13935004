import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnvironment } from '../../src/config/environment';
import { createLogger } from '../../src/logging/logger';
import { createLoudwireWorker } from '../../src/worker';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Loudwire's patch of the SDK (patches/README.md) makes the per-promise stack recording behind the Web UI's Stack
// Trace tab opt-in: it cost about a sixth of the worker's CPU per record. Off by default, the query says so;
// WORKFLOW_STACK_TRACES=on brings the tab back. This also proves `npm ci` applied the patch.

let stack: LoudwireTestStack;

beforeAll(async () => {
  stack = await startLoudwireTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('workflow stack traces (WORKFLOW_STACK_TRACES)', () => {
  it('are off by default, with a query answer that says so, and on when asked for', async () => {
    const worker = await stack.startWorker();
    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, dealWonEnvelope({ version: 1 }));
    expect(accepted.status).toBe(202);
    const handle = stack.temporal.workflow.getHandle(accepted.body.workflowId as string);
    // Synced, the record waits for its dedup window: a workflow with promises pending.
    await waitFor('the record to be synced', async () =>
      (await handle.query(recordSyncStateQuery)).status === SyncStatus.synced ? true : undefined,
    );
    // The worker's answer is an IllegalStateError; its message reaches the client encoded like every failure
    // (docs/security.md), so the client sees only that the query failed.
    await expect(handle.query('__stack_trace')).rejects.toMatchObject({ code: 3 });
    await worker.stop();

    const env = { ...stack.env, WORKFLOW_STACK_TRACES: 'on' as const };
    await stack.startWorker({
      create: (connection) =>
        createLoudwireWorker({
          connection,
          env,
          logger: createLogger('stack-trace-worker'),
          workflowBundle: { codePath: inject('workflowBundlePath') },
        }),
    });
    const trace = await handle.query<string>('__stack_trace');
    expect(trace).toMatch(/recordSyncWorkflow|record-sync-workflow/);
  });

  it('refuses a value other than on or off, naming the variable', () => {
    expect(() => loadEnvironment({ WORKFLOW_STACK_TRACES: 'yes' })).toThrow(/WORKFLOW_STACK_TRACES/);
  });
});
