import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { loadEnvironment } from '../../src/config/environment';
import { workflowBundleConverters } from '../../src/encryption/loudwire-data-converter';
import {
  connectTemporalClient,
  type ConnectedTemporalClient,
} from '../../src/temporal/connect-temporal-client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startTypeScriptProcess, type ManagedProcess } from '../../scripts/dev-stack/managed-process';
import {
  startTemporalDevServer,
  type RunningTemporalDevServer,
} from '../../scripts/dev-stack/temporal-dev-server';
import { registerSearchAttributes } from '../../src/temporal/register-search-attributes';
import { workerNodeFlags } from '../../src/temporal/worker-heap';
import { loudwireWorkflowBundleOptions } from '../../src/temporal/bundle-options';
import { freePort } from '../../test/support/free-port';
import { workflowBundleOfCommit } from '../../test/support/release-bundle';
import { ProcessUsageSampler } from '../measure/process-usage';
import { LandingTracker } from './landing-tracker';
import type { SandboxHostMessage, SandboxRequestStats } from './sandbox-host-messages';
import { serverProfileArgs, type ServerProfile } from './server-profiles';
import { workerTuningVariable, type WorkerTuning } from './worker-tuning';

const benchRoot = resolve(import.meta.dirname, '..');

/** Workflow bundles built once per benchmark run and shared by every stack it boots. */
export interface WorkflowBundles {
  loudwire: string;
  /** The record workflow as it was at `beforeCommit` (the "before" of the before/after table). */
  before: string;
  beforeCommit: string;
  noop: string;
  dir: string;
}

/**
 * `npm run build` of the current source: the "after" worker is the compiled one (dist/worker.js with its prebuilt
 * workflow bundle), started the way production starts it.
 */
export function buildCompiledWorker(): void {
  execFileSync(process.execPath, ['--import', 'tsx', resolve(benchRoot, '../scripts/build/build-dist.ts')], {
    cwd: resolve(benchRoot, '..'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Builds the workflow bundles (in parallel) into a temporary folder. */
export async function buildWorkflowBundles(beforeCommit: string): Promise<WorkflowBundles> {
  const dir = mkdtempSync(join(tmpdir(), 'loudwire-bench-bundles-'));
  const quiet = {
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (message: string) => console.error(message),
    log: () => undefined,
  };
  const [loudwire, noop, before] = await Promise.all([
    bundleWorkflowCode({ ...loudwireWorkflowBundleOptions, logger: quiet }),
    // The ceiling reads the same encrypted payloads as Loudwire (its client has the codec).
    bundleWorkflowCode({
      workflowsPath: join(benchRoot, 'ceiling/index.ts'),
      ...workflowBundleConverters,
      logger: quiet,
    }),
    workflowBundleOfCommit(beforeCommit),
  ]);
  writeFileSync(join(dir, 'loudwire.js'), loudwire.code);
  writeFileSync(join(dir, 'noop.js'), noop.code);
  return { loudwire: join(dir, 'loudwire.js'), before, beforeCommit, noop: join(dir, 'noop.js'), dir };
}

/** The compiled worker's memory after a full GC (stack/memory-responder.mjs). */
export interface WorkerMemory {
  /** The main thread's view: RSS of the whole process, the main thread's V8 heap. */
  memory: NodeJS.MemoryUsage;
  /** Each worker thread's V8 heap (the SDK runs workflows in one), in bytes, read through the inspector. */
  workerThreads: { usedSize: number; totalSize: number }[];
  workerThreadsError?: string;
}

export interface BenchStackOptions {
  /** Dev-server storage settings; ignored when `temporalAddress` is given. */
  serverProfile: ServerProfile;
  /** A running Temporal server to use instead of booting a dev server. */
  temporalAddress?: string;
  workerTuning: WorkerTuning;
  /** NODE_OPTIONS of the compiled worker alone. */
  workerNodeOptions?: string;
  bundles: WorkflowBundles;
  /** Folder for V8 CPU profiles of the API and worker processes; none when absent. */
  cpuProfileDir?: string;
  print: (line: string) => void;
}

export interface BenchStack {
  temporalAddress: string;
  temporal: Client;
  /** API whose task queue has no worker: measures acceptance alone. */
  ingestApiUrl: string;
  /** API feeding the Loudwire worker (compiled, current record workflow). */
  apiUrl: string;
  /** API feeding the "before" worker (from source through tsx, the record workflow of `beforeCommit`). */
  apiBeforeUrl: string;
  /** The commit whose record workflow the "before" worker runs. */
  beforeCommit: string;
  taskQueues: { ingest: string; loudwire: string; before: string; noop: string };
  /**
   * api, api-before, ingest-api, worker, worker-before, noop-worker, sandboxes, bench, and temporal (when
   * booted here).
   */
  usage: ProcessUsageSampler;
  loudwireLandings: LandingTracker;
  noopLandings: LandingTracker;
  sandboxStats(): Promise<SandboxRequestStats>;
  /** The Loudwire worker's memory after a forced full GC (bytes): heap vs native. */
  workerMemoryAfterGc(): Promise<WorkerMemory>;
  /** ERROR lines the dev server logged so far (persistence timeouts under overload). */
  serverErrorCount(): number;
  /** RSS (MB) of each process right after start-up, before any load. */
  idleRssMb: Record<string, number>;
  close(): Promise<void>;
}

/**
 * Everything on free ports, every Node piece in its own process (so CPU and RSS are attributable): a fresh dev
 * server (unless one is given), the sandbox host, two APIs, the Loudwire worker and the no-op ceiling worker.
 */
export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const { print } = options;
  const runId = randomUUID().slice(0, 8);
  const dataDir = mkdtempSync(join(tmpdir(), 'loudwire-bench-'));
  const children: ManagedProcess[] = [];
  let server: RunningTemporalDevServer | undefined;
  let connection: ConnectedTemporalClient | undefined;
  let serverErrors = 0;
  const close = async () => {
    await Promise.all(children.map((child) => child.stop()));
    await connection?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    let temporalAddress = options.temporalAddress;
    if (!temporalAddress) {
      const [port, uiPort] = [await freePort(), await freePort()];
      server = await startTemporalDevServer({
        dbFile: join(dataDir, 'temporal.sqlite'),
        host: '127.0.0.1',
        port,
        uiPort,
        extraArgs: ['--headless', ...serverProfileArgs(options.serverProfile)],
        onOutput: (line) => {
          // Under overload the dev server logs every persistence timeout; show a few, count the rest.
          if (!/level=(ERROR|FATAL)/.test(line)) return;
          serverErrors += 1;
          if (serverErrors <= 3) print(`[temporal] ${line.slice(0, 300)}`);
          else if (serverErrors === 4) print('[temporal] (further server errors are counted, not printed)');
        },
      });
      temporalAddress = server.address;
    }
    connection = await connectTemporalClient(
      loadEnvironment({ ...process.env, TEMPORAL_ADDRESS: temporalAddress }),
    );
    await registerSearchAttributes(connection.connection, 'default');
    const temporal = connection.client;

    const [projectsPort, billingPort, accountingPort, apiPort, ingestApiPort, apiBeforePort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const taskQueues = {
      ingest: `bench-ingest-${runId}`,
      loudwire: `bench-loudwire-${runId}`,
      before: `bench-before-${runId}`,
      noop: `bench-noop-${runId}`,
    };
    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      // Generated deals repeat companies: past the cold start the predictive checks would hold them for an
      // approver, and this run measures delivery, not predictions (test/anomaly covers those).
      ANOMALY_CHECKS: 'off',
      TEMPORAL_ADDRESS: temporalAddress,
      PROJECT_TOOL_BASE_URL: `http://127.0.0.1:${projectsPort}`,
      BILLING_BASE_URL: `http://127.0.0.1:${billingPort}`,
      ACCOUNTING_BASE_URL: `http://127.0.0.1:${accountingPort}`,
      PROJECT_TOOL_PORT: String(projectsPort),
      BILLING_PORT: String(billingPort),
      ACCOUNTING_PORT: String(accountingPort),
      [workerTuningVariable]: JSON.stringify(options.workerTuning),
      // The compiled worker reads its cache size from the environment, as in production.
      ...(options.workerTuning.maxCachedWorkflows === undefined
        ? {}
        : { WORKER_MAX_CACHED_WORKFLOWS: String(options.workerTuning.maxCachedWorkflows) }),
    };
    const start = (
      name: string,
      entryPoint: string,
      env: NodeJS.ProcessEnv,
      nodeArgs?: readonly string[],
    ) => {
      // Node refuses --cpu-prof in NODE_OPTIONS; a preloaded inspector session does the same job.
      const profiling =
        options.cpuProfileDir && name !== 'sandboxes'
          ? {
              NODE_OPTIONS: `--import ${join(benchRoot, 'stack/cpu-profiler.mjs')}`,
              BENCH_CPU_PROFILE: join(options.cpuProfileDir, `${name}-${runId}.cpuprofile`),
            }
          : {};
      const nodeOptions = [env.NODE_OPTIONS, profiling.NODE_OPTIONS].filter(Boolean).join(' ');
      const child = startTypeScriptProcess(
        name,
        entryPoint,
        { ...baseEnv, ...env, ...profiling, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
        print,
        nodeArgs,
      );
      children.push(child);
      return child;
    };
    const sandboxes = start('sandboxes', join(benchRoot, 'stack/sandbox-host.ts'), {});
    // The APIs under test run compiled (dist/api-server.js), as npm start runs them; the "before" API from source,
    // as it ran.
    start(
      'api',
      resolve(benchRoot, '../dist/api-server.js'),
      { PORT: String(apiPort), TEMPORAL_TASK_QUEUE: taskQueues.loudwire },
      [],
    );
    start(
      'ingest-api',
      resolve(benchRoot, '../dist/api-server.js'),
      {
        PORT: String(ingestApiPort),
        TEMPORAL_TASK_QUEUE: taskQueues.ingest,
        // The ingest phase weighs the API's cost per event against the raw client's calls, which queue in
        // Temporal without a bound: the API queues too (the default of 8 sheds past it: the overload phase).
        WEBHOOK_MAX_IN_FLIGHT: '64',
      },
      [],
    );
    start('api-before', resolve(benchRoot, '../src/api/server.ts'), {
      PORT: String(apiBeforePort),
      TEMPORAL_TASK_QUEUE: taskQueues.before,
    });
    // After: the compiled worker as production runs it (dist/worker.js, prebuilt workflow bundle, no tsx).
    const worker = start(
      'worker',
      resolve(benchRoot, '../dist/worker.js'),
      {
        TEMPORAL_TASK_QUEUE: taskQueues.loudwire,
        ...(options.workerNodeOptions ? { NODE_OPTIONS: options.workerNodeOptions } : {}),
      },
      [
        // Launched as every launcher starts it (src/temporal/worker-heap.ts).
        ...workerNodeFlags,
        '--import',
        join(benchRoot, 'stack/memory-responder.mjs'),
        // The inspector profile covers the main thread only; workflows run in a worker thread, which --cpu-prof
        // profiles too (one file per thread, named by pid and thread id).
        ...(options.cpuProfileDir
          ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfileDir, 'worker-threads')}`]
          : []),
      ],
    );
    // Before: the record workflow of `beforeCommit`, in a worker run from source as it was.
    start('worker-before', join(benchRoot, 'stack/loudwire-worker-process.ts'), {
      TEMPORAL_TASK_QUEUE: taskQueues.before,
      BENCH_WORKFLOW_BUNDLE: options.bundles.before,
      // As it was: the SDK recorded a stack for every workflow promise until Loudwire's patch made it opt-in.
      WORKFLOW_STACK_TRACES: 'on',
    });
    const noopWorker = start('noop-worker', join(benchRoot, 'ceiling/noop-worker-process.ts'), {
      TEMPORAL_TASK_QUEUE: taskQueues.noop,
      BENCH_WORKFLOW_BUNDLE: options.bundles.noop,
      // The ceiling is a fixed yardstick of the machine: it keeps the SDK's per-promise stacks, as it had them.
      WORKFLOW_STACK_TRACES: 'on',
    });
    // Client onboarding writes three targets; the no-op ceiling keeps the two deliveries of its 19-event shape.
    const loudwireLandings = new LandingTracker(3);
    const noopLandings = new LandingTracker(2);
    loudwireLandings.listenTo(sandboxes.child);
    noopLandings.listenTo(noopWorker.child);
    await Promise.all(children.map((child) => child.waitUntilReady(120_000)));

    const pids = new Map<string, number>([['bench', process.pid]]);
    if (server?.process.pid) pids.set('temporal', server.process.pid);
    for (const child of children) if (child.child.pid) pids.set(child.name, child.child.pid);

    const usage = new ProcessUsageSampler(pids);
    const idleRssMb = Object.fromEntries(
      [...pids.keys()].map((name) => [name, Math.round(usage.rssMb(name) ?? Number.NaN)]),
    );
    return {
      temporalAddress,
      idleRssMb,
      temporal,
      ingestApiUrl: `http://127.0.0.1:${ingestApiPort}`,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      apiBeforeUrl: `http://127.0.0.1:${apiBeforePort}`,
      beforeCommit: options.bundles.beforeCommit,
      taskQueues,
      usage,
      loudwireLandings,
      noopLandings,
      sandboxStats: () =>
        new Promise((resolveStats) => {
          const onMessage = (message: SandboxHostMessage) => {
            if (message?.type !== 'stats') return;
            sandboxes.child.off('message', onMessage);
            resolveStats(message.stats);
          };
          sandboxes.child.on('message', onMessage);
          sandboxes.child.send({ type: 'stats' });
        }),
      serverErrorCount: () => serverErrors,
      workerMemoryAfterGc: () =>
        new Promise((resolveMemory) => {
          const onMessage = (message: { type?: string } & Partial<WorkerMemory>) => {
            if (message?.type !== 'memory' || !message.memory) return;
            worker.child.off('message', onMessage);
            resolveMemory({
              memory: message.memory,
              workerThreads: message.workerThreads ?? [],
              ...(message.workerThreadsError ? { workerThreadsError: message.workerThreadsError } : {}),
            });
          };
          worker.child.on('message', onMessage);
          worker.child.send({ type: 'memory' });
        }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
