import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { injectFault, targetRecordsFor } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// SIGTERM mid-load on the real API and worker processes: the API answers readyz 503, finishes what it started and
// exits; no webhook it acknowledged is lost. The worker lets its in-flight writes finish within its grace; what
// is left is retried elsewhere under the same idempotency key, so no write is done twice or left half-done.

const root = resolve(import.meta.dirname, '../..');
let stack: LoudwireTestStack;
const children: ChildProcess[] = [];

beforeAll(async () => {
  stack = await startLoudwireTestStack();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await stack?.close();
});

function processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: stack.env.TEMPORAL_TASK_QUEUE,
    CRM_BASE_URL: stack.sandboxes.crm.url,
    PROJECT_TOOL_BASE_URL: stack.sandboxes.projectTool.url,
    BILLING_BASE_URL: stack.sandboxes.billing.url,
    HELPDESK_BASE_URL: stack.sandboxes.helpdesk.url,
    ACCOUNTING_BASE_URL: stack.sandboxes.accounting.url,
    TARGET_HTTP_TIMEOUT: '2s',
    // No fixed metrics port: several worker processes of the suite may run at once.
    WORKER_METRICS_PORT: '0',
    ...extra,
  };
}

/** Starts an entry point as its own process and resolves with what it reports once ready. */
function startProcess(entryPoint: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, entryPoint)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ready = new Promise<{ url?: string }>((resolveReady, reject) => {
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready') resolveReady(message);
    });
    child.once('exit', (code) => reject(new Error(`${entryPoint} exited with ${code}:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, ready, exited, output: () => output };
}

describe('SIGTERM', () => {
  it('API: readyz 503 at once, in-flight requests finish, no acknowledged webhook is lost, exit 0', async () => {
    // Its own task queue, with no worker: this test is about acknowledgement, not processing.
    const api = startProcess(
      'src/api/server.ts',
      processEnv({ PORT: '0', API_SHUTDOWN_DELAY: '1s', TEMPORAL_TASK_QUEUE: `shutdown-${Date.now()}` }),
    );
    const { url } = await api.ready;
    const outcomes: { status?: number; workflowId?: string; error?: string }[] = [];
    let stopped = false;
    const load = (async () => {
      while (!stopped) {
        await Promise.all(
          Array.from({ length: 5 }, async () => {
            try {
              const response = await postSignedWebhook(`${url}/webhooks/crm`, dealWonEnvelope());
              outcomes.push({ status: response.status, workflowId: response.body.workflowId as string });
            } catch (error) {
              outcomes.push({ error: String(error) }); // refused connection after close: the sender retries
            }
          }),
        );
      }
    })();
    await waitFor('some accepted webhooks', async () => (outcomes.length >= 10 ? true : undefined));
    api.child.kill('SIGTERM');
    // Within the shutdown delay (1 s) the API still answers, and says it is going away.
    const readiness = await waitFor('readyz to answer 503', async () => {
      const response = await fetch(`${url}/readyz`);
      return response.status === 503 ? response : undefined;
    });
    expect(await readiness.json()).toEqual({ status: 'shutting_down' });
    expect(await api.exited).toBe(0);
    stopped = true;
    await load;

    const accepted = outcomes.filter((outcome) => outcome.status === 202);
    expect(accepted.length).toBeGreaterThanOrEqual(10);
    // Every answer was a 202 or a refused connection: nothing half-answered, nothing 5xx.
    expect(outcomes.filter((outcome) => outcome.status !== 202 && outcome.error === undefined)).toEqual([]);
    for (const { workflowId } of accepted) {
      const description = await stack.temporal.workflow.getHandle(workflowId!).describe();
      expect(description.workflowId).toBe(workflowId);
    }
  }, 60_000);

  it('worker: in-flight writes finish within the grace, then every record completes exactly once', async () => {
    // Slow billing writes, so SIGTERM lands while writes are in flight.
    await injectFault(stack.sandboxes.billing.url, { kind: 'slow', delayMs: 800, count: 40 });
    const worker = startProcess('src/worker.ts', processEnv({ WORKER_SHUTDOWN_GRACE: '20s' }));
    await worker.ready;
    const envelopes = Array.from({ length: 4 }, () => {
      const envelope = dealWonEnvelope();
      envelope.data.deal.amount = '10.00';
      return envelope;
    });
    const workflowIds = await Promise.all(
      envelopes.map(
        async (envelope) =>
          (await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope)).body.workflowId as string,
      ),
    );
    await waitFor('writes in flight', async () => {
      const projects = await Promise.all(
        envelopes.map((envelope) => targetRecordsFor(stack.sandboxes, envelope.data.deal.id)),
      );
      return projects.some((records) => records.projects.length > 0) ? true : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n--- worker output ---\n${worker.output()}`);
    });
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);

    await stack.startWorker();
    for (const workflowId of workflowIds) {
      await waitFor(
        `${workflowId} to sync`,
        async () =>
          (await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery)).status ===
          SyncStatus.synced
            ? true
            : undefined,
        30_000,
      );
    }
    for (const envelope of envelopes) {
      const records = await targetRecordsFor(stack.sandboxes, envelope.data.deal.id);
      expect(records.projects).toHaveLength(1);
      expect(records.customers).toHaveLength(1);
    }
  }, 120_000);
});
