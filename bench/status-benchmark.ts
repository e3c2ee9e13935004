// `npm run bench:status [-- --records 10000] [--runs 9] [--cli-runs 7] [--data-dir DIR] [--back-to-back]`: how long
// `loudwire status` takes over many records. Boots its own Temporal dev server (SQLite WAL, as `npm start` runs
// it) and seeds N record workflows carrying the search attributes and encrypted event-log memo real records set
// (bench/status/seed-status-records.ts; on a task queue no worker polls, so they stay exactly as seeded). Then it
// checks every figure status shows against what was seeded, times the collection in-process and each of its
// parts, and times the whole command as a user runs it: `node bin/loudwire.mjs status` on the compiled CLI
// (built first when dist/ is stale), wall clock from spawning the process to its exit. Prints median, p90 and max
// and the machine's load average; it asserts no time.
//
// Seeding 10,000 records takes minutes. With `--data-dir DIR` the server's database is kept there and a later run
// within the hour (the seeded events must still fall in the day's window) reuses it instead of seeding again.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { compiledBuildState } from '../bin/compiled-build.mjs';
import { startTemporalDevServer } from '../scripts/dev-stack/temporal-dev-server';
import {
  collectStatus,
  countIntegrationRecords,
  latestCredentialHealth,
  type LoudwireStatus,
} from '../src/cli/integration-status';
import { loadEnvironment } from '../src/config/environment';
import { countAcceptedEvents } from '../src/ledger/accepted-event-counts';
import { connectTemporalClient } from '../src/temporal/connect-temporal-client';
import { benchIntegration, expectedFigures, seedStatusRecords } from './status/seed-status-records';
import { describeRuns, loadAverageText } from './status/timing-summary';

const projectRoot = resolve(import.meta.dirname, '..');
const print = (line: string) => process.stdout.write(`${line}\n`);

function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}
function stringArg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

const recordCount = numberArg('--records', 10_000);
const runs = numberArg('--runs', 9);
const cliRuns = numberArg('--cli-runs', 7);
// A second apart, as a person re-runs it; `--back-to-back` drops the pause.
const pauseMs = process.argv.includes('--back-to-back') ? 0 : 1_000;
const taskQueue = 'status-bench';
const pause = () => new Promise((done) => setTimeout(done, pauseMs));

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

interface SeedManifest {
  records: number;
  taskQueue: string;
  seededAt: number;
}

/** A kept database is reused while its seeded events still fall in the day's window (seeded within the hour). */
function reusableSeed(dataDir: string): SeedManifest | undefined {
  const manifestFile = join(dataDir, 'seed.json');
  if (!existsSync(manifestFile)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as SeedManifest;
  const fresh = Date.now() - manifest.seededAt < 3_600_000;
  return manifest.records === recordCount && manifest.taskQueue === taskQueue && fresh ? manifest : undefined;
}

/** Compares every figure status shows for the seeded integration with what the seeding recipe says it must be. */
function checkFigures(status: LoudwireStatus, seededAt: number): void {
  const counts = status.integrations.find((integration) => integration.integration === benchIntegration)!;
  const expected = expectedFigures(recordCount, seededAt, Date.parse(status.generatedAt));
  const shown = {
    byStatus: Object.fromEntries(Object.entries(counts.byStatus).filter(([, count]) => count > 0)),
    parkedByClass: counts.parkedByClass,
    acceptedEvents: counts.acceptedEvents,
    newRecords: counts.newRecords.lastDay,
    endedAbnormally: counts.endedAbnormally,
  };
  const wanted = { ...expected, newRecords: recordCount, endedAbnormally: 0 };
  if (!isDeepStrictEqual(shown, wanted))
    throw new Error(
      `status shows figures that differ from the seeded records:\n  shown  ${JSON.stringify(shown)}\n  wanted ${JSON.stringify(wanted)}`,
    );
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await work();
  return Math.round(performance.now() - startedAt);
}

/** Wall clock from spawning `loudwire ARGS` to its exit, and the CPU time the process used, in ms. */
function timedCli(args: string[], env: NodeJS.ProcessEnv): { wallMs: number; cpuMs: number } {
  const cpuFile = join(tmpdir(), `loudwire-status-bench-cpu-${process.pid}`);
  const startedAt = performance.now();
  execFileSync(
    process.execPath,
    [
      '--import',
      join(projectRoot, 'bench/status/report-cpu-at-exit.mjs'),
      join(projectRoot, 'bin/loudwire.mjs'),
      ...args,
    ],
    { env: { ...env, LOUDWIRE_BENCH_CPU_FILE: cpuFile }, stdio: 'ignore' },
  );
  const wallMs = Math.round(performance.now() - startedAt);
  const cpuMs = Number(readFileSync(cpuFile, 'utf8'));
  rmSync(cpuFile, { force: true });
  return { wallMs, cpuMs };
}

async function main(): Promise<void> {
  print(`Load average at start (1/5/15 min): ${loadAverageText()} on ${cpus().length} cores`);
  const build = compiledBuildState();
  if (!build.fresh) {
    print(`Building the compiled CLI first (${build.reason})…`);
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  }

  const keptDir = stringArg('--data-dir');
  const dataDir = keptDir ? resolve(keptDir) : mkdtempSync(join(tmpdir(), 'loudwire-status-bench-'));
  mkdirSync(dataDir, { recursive: true });
  let seed = keptDir ? reusableSeed(dataDir) : undefined;
  if (!seed) rmSync(join(dataDir, 'temporal.sqlite'), { force: true });

  const server = await startTemporalDevServer({
    dbFile: join(dataDir, 'temporal.sqlite'),
    host: '127.0.0.1',
    port: await freePort(),
    uiPort: await freePort(),
    extraArgs: ['--sqlite-pragma', 'journal_mode=wal', '--headless'],
  });
  const env = loadEnvironment({ ...process.env, TEMPORAL_ADDRESS: server.address });
  const { client, close } = await connectTemporalClient(env);
  try {
    if (seed) {
      print(
        `Reusing ${recordCount.toLocaleString('en-US')} records seeded ${Math.round((Date.now() - seed.seededAt) / 60_000)} min ago in ${dataDir}`,
      );
    } else {
      const seededAt = Date.now();
      print(
        `Seeding ${recordCount.toLocaleString('en-US')} records on ${server.address} (32 starts at a time)…`,
      );
      await seedStatusRecords(client, { count: recordCount, taskQueue, seededAt, progress: print });
      seed = { records: recordCount, taskQueue, seededAt };
      if (keptDir) writeFileSync(join(dataDir, 'seed.json'), `${JSON.stringify(seed)}\n`);
      print(`Seeded in ${((Date.now() - seededAt) / 1000).toFixed(1)} s; visibility shows all of them.`);
    }

    const options = {
      integrations: [benchIntegration],
      schedules: [],
      namespace: 'default',
      taskQueue,
      scheduleIdPrefix: '',
    };
    const first = await collectStatus(client, options);
    checkFigures(first, seed.seededAt);
    print(`First collection ${first.elapsedMs} ms; every figure matches the seeded records.`);

    const collection: number[] = [];
    const recordCounts: number[] = [];
    const acceptedEvents: number[] = [];
    const credentials: number[] = [];
    for (let run = 0; run < runs; run++) {
      await pause();
      const status = await collectStatus(client, options);
      checkFigures(status, seed.seededAt);
      collection.push(status.elapsedMs);
      await pause();
      const now = new Date();
      recordCounts.push(
        await timed(() => countIntegrationRecords(client, { integration: benchIntegration, taskQueue, now })),
      );
      acceptedEvents.push(
        await timed(() => countAcceptedEvents(client, { taskQueue, now, integrations: [benchIntegration] })),
      );
      credentials.push(await timed(() => latestCredentialHealth(client, taskQueue)));
      print(`  run ${run + 1}/${runs}: collection ${status.elapsedMs} ms (load ${loadAverageText()})`);
    }

    const cliEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      LOG_LEVEL: 'silent',
    };
    const cli: number[] = [];
    const cliCpu: number[] = [];
    const startUp: number[] = [];
    const startUpCpu: number[] = [];
    for (let run = 0; run < cliRuns; run++) {
      await pause();
      const whole = timedCli(['status'], cliEnv);
      cli.push(whole.wallMs);
      cliCpu.push(whole.cpuMs);
      const help = timedCli(['status', '--help'], cliEnv);
      startUp.push(help.wallMs);
      startUpCpu.push(help.cpuMs);
      print(
        `  CLI run ${run + 1}/${cliRuns}: ${whole.wallMs} ms, ${whole.cpuMs} CPU-ms (load ${loadAverageText()})`,
      );
    }

    const counts = first.integrations[0]!;
    print('');
    print(
      `loudwire status over ${recordCount.toLocaleString('en-US')} records (${counts.byStatus.Synced.toLocaleString('en-US')} synced, ${counts.byStatus.Parked} parked in ${Object.keys(counts.parkedByClass).length} classes, events accepted last hour ${counts.acceptedEvents!.lastHour} · last day ${counts.acceptedEvents!.lastDay.toLocaleString('en-US')}):`,
    );
    print(`  whole command, compiled CLI, spawn to exit:  ${describeRuns(cli)}`);
    print(`    its CPU time (user + system):             ${describeRuns(cliCpu)}`);
    print(`  CLI start-up (loudwire status --help):       ${describeRuns(startUp)}`);
    print(`    its CPU time (user + system):             ${describeRuns(startUpCpu)}`);
    print(`  collection in-process (all parts at once):   ${describeRuns(collection)}`);
    print(`    records by status, parked by class, new:   ${describeRuns(recordCounts)}`);
    print(`    events accepted last hour and day:         ${describeRuns(acceptedEvents)}`);
    print(`    latest credential check:                   ${describeRuns(credentials)}`);
    print(`Load average at end (1/5/15 min): ${loadAverageText()} on ${cpus().length} cores`);
  } finally {
    await close();
    await server.stop();
    if (!keptDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
