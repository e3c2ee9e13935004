// `npm run start:postgres`: the development stack on a production-shaped Temporal cluster — PostgreSQL for
// persistence and visibility, the Temporal server built from source with the settings in config/temporal/ (the
// same ones docker-compose.yml runs), its Web UI — then exactly what `npm start` starts (sandboxes, API, worker,
// schedules), through the same launcher. Ctrl-C stops all of it; a restart keeps the data.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  startPostgresTemporal,
  type RunningPostgresTemporal,
} from './postgres-temporal/start-postgres-temporal';

const projectRoot = resolve(import.meta.dirname, '..');
const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const startedAt = Date.now();
  if (existsSync(join(projectRoot, '.env'))) process.loadEnvFile(join(projectRoot, '.env'));
  if (process.env.TEMPORAL_ADDRESS) {
    print('TEMPORAL_ADDRESS is set: use `npm start` to run against an existing Temporal server.');
    process.exit(2);
  }
  const dataDir = resolve(process.env.LOUDWIRE_DATA_DIR ?? join(projectRoot, 'data'));
  const host = '127.0.0.1';
  const temporalPort = Number(process.env.LOUDWIRE_TEMPORAL_PORT ?? 7233);
  const postgresPort = Number(process.env.LOUDWIRE_POSTGRES_PORT ?? 15432);
  const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? temporalPort + 1000);
  let cluster: RunningPostgresTemporal | undefined;
  let stopping = false;
  // Set once Loudwire's launcher runs; stopAll (defined first, for early failures) waits for it.
  const loudwire: { launcher?: ChildProcess; exited?: Promise<number | null> } = {};

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    // The launcher stops Loudwire's processes (it also gets a terminal's Ctrl-C); the cluster goes after them.
    if (loudwire.launcher?.exitCode === null) loudwire.launcher.kill('SIGTERM');
    const timeout = new Promise((done) => setTimeout(done, 30_000));
    await Promise.race([loudwire.exited, timeout]);
    print('Stopping the Temporal server and PostgreSQL…');
    await cluster?.stop();
    print('Stopped.');
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    cluster = await startPostgresTemporal({
      dataDir: join(dataDir, 'temporal-postgres'),
      host,
      postgresPort,
      temporalPort,
      uiPort,
      databasePassword: process.env.TEMPORAL_DB_PASSWORD ?? 'temporal',
      print,
    });
    print(
      `Temporal cluster up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${cluster.address}, ` +
        `Web UI ${cluster.uiUrl}; starting Loudwire…`,
    );
  } catch (error) {
    print(`Start-up failed: ${(error as Error).message}`);
    await stopAll(1);
    return;
  }

  // The same launcher as `npm start`, pointed at this cluster: sandboxes, API, worker, search attributes,
  // schedules, and the table of URLs.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'scripts/start-dev-stack.ts')],
    {
      env: { ...process.env, TEMPORAL_ADDRESS: cluster.address, TEMPORAL_UI_URL: cluster.uiUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  loudwire.launcher = child;
  loudwire.exited = new Promise((done) => child.once('exit', done));
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    process.stdout.write(chunk);
    partial += chunk;
    if (partial.includes('Ctrl-C stops everything.')) {
      print(
        `  PostgreSQL        ${host}:${postgresPort} (Temporal's data: ${join(dataDir, 'temporal-postgres')})`,
      );
      print(`Everything up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (npm run start:postgres).`);
      partial = '';
    } else if (partial.length > 10_000) {
      partial = partial.slice(-100);
    }
  });
  void loudwire.exited.then((code) => {
    if (stopping) return;
    print(`The Loudwire launcher exited (code ${code}); stopping the cluster.`);
    void stopAll(code ?? 1);
  });
}

void main();
