// `npm start`: the whole development stack in one command — Temporal dev server (unless TEMPORAL_ADDRESS is
// set), the three sandbox vendors, the Loudwire API and a worker — with every URL printed. Ctrl-C stops it all.
// `npm run dev` (`--dev`): the same stack with readable logs, and the API and worker restarted on source changes.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEnvironment } from '../src/config/environment';
import { applyDeclaredSchedulesAt } from '../src/schedules/apply-schedules';
import { connectTemporalClient } from '../src/temporal/connect-temporal-client';
import { registerSearchAttributes } from '../src/temporal/register-search-attributes';
import { compiledEntryPointsForStart, sourceEntryPoints } from './dev-stack/compiled-build-for-start';
import { startTypeScriptProcess, type ManagedProcess } from './dev-stack/managed-process';
import { startWithRestartOnChange, type WatchedStack } from './dev-stack/restart-on-change';
import { startTemporalDevServer, type RunningTemporalDevServer } from './dev-stack/temporal-dev-server';

const projectRoot = resolve(import.meta.dirname, '..');
const print = (line: string) => process.stdout.write(`${line}\n`);
const devMode = process.argv.includes('--dev');

async function main(): Promise<void> {
  const startedAt = Date.now();
  // A developer's own .env (copied from .env.example) overrides the built-in development defaults.
  if (existsSync(join(projectRoot, '.env'))) process.loadEnvFile(join(projectRoot, '.env'));
  const env = loadEnvironment(); // fails fast, naming any bad variable
  const dataDir = resolve(process.env.LOUDWIRE_DATA_DIR ?? join(projectRoot, 'data'));
  const host = '127.0.0.1';
  const children: ManagedProcess[] = [];
  let temporalServer: RunningTemporalDevServer | undefined;
  let watched: WatchedStack | undefined;
  let stopping = false;

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    print('Stopping the stack…');
    await Promise.all([...children.map((child) => child.stop()), watched?.stop()]);
    await temporalServer?.stop();
    print('Stopped.');
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalUi = env.TEMPORAL_UI_URL;
    if (temporalAddress) {
      print(`Using the Temporal server at ${temporalAddress}`);
      const { connection, close } = await connectTemporalClient(env);
      const added = await registerSearchAttributes(connection, env.TEMPORAL_NAMESPACE);
      if (added.length > 0) print(`Registered search attributes: ${added.join(', ')}`);
      await close();
    } else {
      const port = Number(process.env.TEMPORAL_DEV_PORT ?? 7233);
      const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? port + 1000);
      print(`Starting the Temporal dev server (state in ${join(dataDir, 'temporal')})…`);
      temporalServer = await startTemporalDevServer({
        dbFile: join(dataDir, 'temporal', 'loudwire.sqlite'),
        host,
        port,
        uiPort,
        // Write-ahead logging: as durable as SQLite's default rollback journal, and about 3x the throughput
        // (docs/benchmarks.md). synchronous=NORMAL would be faster still but can lose acknowledged events.
        // The Web UI decodes payloads through the API's codec server (sign in at /codec/session first).
        extraArgs: [
          '--sqlite-pragma',
          'journal_mode=wal',
          '--ui-codec-endpoint',
          `${env.PUBLIC_API_URL}/codec`,
        ],
        onOutput: (line) => print(`[temporal] ${line}`),
      });
      temporalAddress = temporalServer.address;
      temporalUi = temporalServer.uiUrl;
    }

    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_UI_URL: temporalUi,
      SANDBOX_DATA_DIR: process.env.SANDBOX_DATA_DIR ?? join(dataDir, 'sandbox'),
      // Moving a port moves the URLs that point at it, unless those are set explicitly.
      CRM_BASE_URL: process.env.CRM_BASE_URL ?? `http://${host}:${process.env.CRM_PORT ?? 4001}`,
      PROJECT_TOOL_BASE_URL:
        process.env.PROJECT_TOOL_BASE_URL ?? `http://${host}:${process.env.PROJECT_TOOL_PORT ?? 4002}`,
      BILLING_BASE_URL: process.env.BILLING_BASE_URL ?? `http://${host}:${process.env.BILLING_PORT ?? 4003}`,
      HELPDESK_BASE_URL:
        process.env.HELPDESK_BASE_URL ?? `http://${host}:${process.env.HELPDESK_PORT ?? 4004}`,
      ACCOUNTING_BASE_URL:
        process.env.ACCOUNTING_BASE_URL ?? `http://${host}:${process.env.ACCOUNTING_PORT ?? 4005}`,
      CRM_WEBHOOK_URL: process.env.CRM_WEBHOOK_URL ?? `http://${host}:${env.PORT}/webhooks/crm`,
      HELPDESK_WEBHOOK_URL:
        process.env.HELPDESK_WEBHOOK_URL ?? `http://${host}:${env.PORT}/webhooks/helpdesk`,
      // Development reads logs at a terminal: one readable line per event, coloured when the terminal is.
      ...(devMode ? { LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty' } : {}),
      ...(devMode && process.stdout.isTTY ? { LOG_COLOR: process.env.LOG_COLOR ?? '1' } : {}),
    };
    const sandboxes = startTypeScriptProcess(
      'sandbox',
      join(projectRoot, 'sandbox/start-sandboxes.ts'),
      childEnv,
      print,
    );
    // npm start runs the compiled API and worker (built now if src/ changed); npm run dev runs the source.
    const entries = devMode ? sourceEntryPoints : compiledEntryPointsForStart(print);
    const startApi = () => startTypeScriptProcess('api', entries.api, childEnv, print, entries.nodeArgs);
    const startWorker = () =>
      startTypeScriptProcess('worker', entries.worker, childEnv, print, entries.workerNodeArgs);
    children.push(sandboxes);
    if (devMode) {
      const [watchedStack] = await Promise.all([
        startWithRestartOnChange({
          projectRoot,
          print,
          services: [
            { name: 'api', start: startApi, overlap: false, readyTimeoutMs: 60_000 },
            { name: 'worker', start: startWorker, overlap: true, readyTimeoutMs: 120_000 },
          ],
        }),
        sandboxes.waitUntilReady(60_000),
      ]);
      watched = watchedStack;
    } else {
      const api = startApi();
      const worker = startWorker();
      children.push(api, worker);
      await Promise.all([
        sandboxes.waitUntilReady(60_000),
        api.waitUntilReady(60_000),
        worker.waitUntilReady(120_000),
      ]);
    }
    await applyDeclaredSchedulesAt(temporalAddress, env, print);

    const apiUrl = `http://${env.API_HOST}:${env.PORT}`;
    print('');
    print(`Loudwire is up (${((Date.now() - startedAt) / 1000).toFixed(1)} s):`);
    print(`  Temporal Web UI   ${temporalUi}`);
    print(`  Temporal gRPC     ${temporalAddress}`);
    print(`  Loudwire API      ${apiUrl}  (webhooks: ${apiUrl}/webhooks/crm, ${apiUrl}/webhooks/helpdesk)`);
    print(`  Worker            task queue "${env.TEMPORAL_TASK_QUEUE}"`);
    print(
      `  Metrics           ${apiUrl}/metrics, ` +
        (env.WORKER_METRICS_PORT
          ? `http://${env.WORKER_METRICS_HOST}:${env.WORKER_METRICS_PORT}/metrics (worker)`
          : 'worker metrics off (WORKER_METRICS_PORT=0)'),
    );
    print(`  Sandbox CRM       http://${host}:${process.env.CRM_PORT ?? 4001}`);
    print(`  Sandbox projects  http://${host}:${process.env.PROJECT_TOOL_PORT ?? 4002}`);
    print(`  Sandbox billing   http://${host}:${process.env.BILLING_PORT ?? 4003}`);
    print(`  Sandbox helpdesk  http://${host}:${process.env.HELPDESK_PORT ?? 4004}`);
    print(`  Sandbox accounting http://${host}:${process.env.ACCOUNTING_PORT ?? 4005}`);
    if (devMode)
      print('Watching src/: a change restarts the API and the worker; Temporal keeps every record.');
    print('Win a deal, escalate a ticket: see README "Try it". Ctrl-C stops everything.');
    print('');

    for (const child of children) {
      child.child.once('exit', (code) => {
        if (stopping) return;
        print(`${child.name} exited unexpectedly (code ${code}); stopping the stack.`);
        void stopAll(1);
      });
    }
  } catch (error) {
    print(`Start-up failed: ${(error as Error).message}`);
    await stopAll(1);
  }
}

void main();
