import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { chaosDeals } from '../../chaos/chaos-deals';
import { listRecordStatuses } from '../../chaos/record-statuses';
import { auditTargets, countLanded, readTargets } from '../../chaos/target-audit';
import { WebhookSender } from '../../chaos/webhook-sender';
import { SeededRandom } from '../../fuzz/seeded-random';
import { startTypeScriptProcess, type ManagedProcess } from '../../scripts/dev-stack/managed-process';
import { startSandboxes, type RunningSandboxes } from '../../sandbox/start-sandboxes';
import { loadEnvironment } from '../../src/config/environment';
import {
  connectTemporalClient,
  type ConnectedTemporalClient,
} from '../../src/temporal/connect-temporal-client';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';

// Scale-out (issue 17, item 4): two API processes behind one port (`npm run start:api-cluster`) and two workers
// on one task queue (`npm run start:worker`, twice), each a real process, share the load of deals each delivered
// twice at the same moment, and every target ends with exactly one correct record per deal.

const projectRoot = resolve(import.meta.dirname, '../..');
const dealCount = 40;
const output: string[] = [];
let sandboxes: RunningSandboxes;
let apiCluster: ChildProcess;
let apiUrl: string;
const workers: ManagedProcess[] = [];
let temporal: ConnectedTemporalClient;
const taskQueue = `scale-out-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  sandboxes = await startSandboxes({ ports: {} });
  const apiPort = await freePort();
  apiUrl = `http://127.0.0.1:${apiPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    PORT: String(apiPort),
    API_HOST: '127.0.0.1',
    PUBLIC_API_URL: apiUrl,
    CRM_BASE_URL: sandboxes.crm.url,
    PROJECT_TOOL_BASE_URL: sandboxes.projectTool.url,
    BILLING_BASE_URL: sandboxes.billing.url,
    HELPDESK_BASE_URL: sandboxes.helpdesk.url,
    ACCOUNTING_BASE_URL: sandboxes.accounting.url,
  };
  delete env.ALERT_WEBHOOK_URL;
  temporal = await connectTemporalClient(loadEnvironment(env));

  apiCluster = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'src/api/api-cluster.ts'), '--processes', '2'],
    { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  for (const stream of [apiCluster.stdout, apiCluster.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => output.push(...chunk.split('\n').filter(Boolean)));
  }
  const apiReady = new Promise<void>((ready, failed) => {
    apiCluster.on('message', (message: { type?: string }) => message?.type === 'ready' && ready());
    apiCluster.once('exit', (code) =>
      failed(new Error(`the API cluster exited (${code}) before it was ready`)),
    );
  });
  for (const name of ['worker-1', 'worker-2']) {
    workers.push(
      startTypeScriptProcess(name, join(projectRoot, 'src/worker.ts'), env, (line) => output.push(line)),
    );
  }
  // Both workers poll before the first webhook: neither can take the whole load by arriving first.
  await Promise.all([apiReady, ...workers.map((worker) => worker.waitUntilReady(150_000))]).catch(
    (error: Error) => {
      throw new Error(`${error.message}\n${output.slice(-40).join('\n')}`);
    },
  );
}, 180_000);

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  if (apiCluster && apiCluster.exitCode === null) {
    const exited = new Promise((done) => apiCluster.once('exit', done));
    apiCluster.kill('SIGTERM');
    await exited;
  }
  await temporal?.close();
  await sandboxes?.close();
}, 60_000);

describe('two API processes on one port and two workers on one task queue', () => {
  it('share the load and write exactly one correct record per deal at every target', async () => {
    const deals = chaosDeals(dealCount, `s${randomUUID().slice(0, 5)}`, new SeededRandom(17));
    const sender = new WebhookSender(`${apiUrl}/webhooks/crm`);
    try {
      // Every deal twice at the same moment, same webhook-id: the two copies can reach different API processes.
      await Promise.all(
        deals.flatMap((deal) => {
          const body = JSON.stringify(deal.envelope);
          return [sender.deliver(`msg_${deal.dealId}`, body), sender.deliver(`msg_${deal.dealId}`, body)];
        }),
      );
    } finally {
      sender.close();
    }
    expect(sender.counts.accepted).toBe(dealCount * 2);

    const targets = {
      projectTool: sandboxes.projectTool.url,
      billing: sandboxes.billing.url,
      accounting: sandboxes.accounting.url,
    };
    await waitFor(
      'every deal at every target and every record synced',
      async () => {
        if (countLanded(deals, await readTargets(targets)) < dealCount) return undefined;
        const statuses = await listRecordStatuses(temporal.client, taskQueue);
        const synced = statuses.filter((record) => record.status === 'Synced').length;
        return synced === dealCount ? true : undefined;
      },
      150_000,
    );
    const audit = auditTargets(deals, await readTargets(targets));
    expect(audit.problems).toEqual([]);
    expect(audit.landed).toBe(dealCount);

    const accepted = (apiProcess: number) =>
      output.filter(
        (line) => line.includes(`"apiProcess":${apiProcess},`) && line.includes('"msg":"webhook accepted"'),
      ).length;
    const vendorCalls = (worker: string) =>
      output.filter((line) => line.startsWith(`[${worker}]`) && line.includes('"msg":"http exchange"'))
        .length;
    const shares = {
      api1: accepted(1),
      api2: accepted(2),
      worker1: vendorCalls('worker-1'),
      worker2: vendorCalls('worker-2'),
    };
    expect(shares.api1 + shares.api2, JSON.stringify(shares)).toBe(dealCount * 2);
    expect(shares.api1, JSON.stringify(shares)).toBeGreaterThan(0);
    expect(shares.api2, JSON.stringify(shares)).toBeGreaterThan(0);
    expect(shares.worker1, JSON.stringify(shares)).toBeGreaterThan(0);
    expect(shares.worker2, JSON.stringify(shares)).toBeGreaterThan(0);
  }, 200_000);
});
