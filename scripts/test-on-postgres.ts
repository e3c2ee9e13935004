// `npm run test:postgres [-- test files…]`: the core end-to-end suite against the production-shaped Temporal
// cluster (PostgreSQL persistence and SQL visibility, config/temporal/) instead of the SQLite dev server — the
// same tests, through vitest's global setup pointed at this server (LOUDWIRE_TEST_TEMPORAL_ADDRESS). Starts a
// fresh cluster on free ports in a temporary folder, runs the tests, stops the cluster; exits with vitest's code.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePortBlock } from './postgres-temporal/free-port-block';
import { startPostgresTemporal } from './postgres-temporal/start-postgres-temporal';
import { temporalPorts } from './postgres-temporal/temporal-server-process';

/**
 * What must behave the same on every Temporal server: sync, dedup, every sandbox fault → park → alert →
 * redrive, parked records in visibility, approvals, a batch run with reconciliation, the schedules.
 */
export const coreSuite = [
  'test/workflows/record-sync-workflow.test.ts',
  'test/workflows/dedup-window.test.ts',
  'test/api/webhook-route.test.ts',
  'test/failures/fault-alerts.test.ts',
  'test/failures/bulk-redrive.test.ts',
  'test/failures/parked-visibility.test.ts',
  // Every integration (client onboarding, support escalation, billable hours) through every sandbox fault.
  'test/integrations/shared-suite.test.ts',
  'test/approvals/approval-flow.test.ts',
  'test/approvals/approval-expiry.test.ts',
  'test/batch/billable-hours-sync.test.ts',
  'test/credentials/credential-health.test.ts',
  'test/schedules/schedules.test.ts',
  // `npm run start:postgres` itself, end to end (runs only here: it needs the binaries this script provisions).
  'test/e2e/start-postgres.test.ts',
];

const projectRoot = resolve(import.meta.dirname, '..');
const host = '127.0.0.1';
const print = (line: string) => process.stdout.write(`[test:postgres] ${line}\n`);

async function main(): Promise<number> {
  // Ctrl-C reaches vitest too; stay alive until it exits, so the cluster is stopped, not orphaned.
  process.on('SIGINT', () => print('interrupted: stopping once vitest exits…'));
  const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : coreSuite;
  const dataDir = mkdtempSync(join(tmpdir(), 'loudwire-postgres-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user and must reach its folder inside
  const startedAt = Date.now();
  const cluster = await startPostgresTemporal({
    dataDir,
    host,
    postgresPort: await freePortBlock(host, 25432),
    temporalPort: await freePortBlock(
      host,
      27233,
      Object.values(temporalPorts(300)).map((port) => port - 300),
    ),
    databasePassword: 'temporal-test',
    print,
  });
  print(`cluster up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s at ${cluster.address}`);
  try {
    const testsStartedAt = Date.now();
    const vitest = spawn(
      process.execPath,
      [join(projectRoot, 'node_modules/vitest/vitest.mjs'), 'run', ...files],
      {
        cwd: projectRoot,
        env: { ...process.env, LOUDWIRE_TEST_TEMPORAL_ADDRESS: cluster.address },
        stdio: 'inherit',
      },
    );
    const code = await new Promise<number | null>((done) => vitest.once('exit', done));
    print(
      `${files.length} test files on PostgreSQL persistence + SQL visibility: ` +
        `${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - testsStartedAt) / 1000).toFixed(1)} s`,
    );
    return code ?? 1;
  } finally {
    await cluster.stop();
    if (!process.env.LOUDWIRE_KEEP_TEST_DATA) rmSync(dataDir, { recursive: true, force: true });
    else print(`data kept in ${dataDir}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    print(`failed: ${error.message}`);
    process.exit(1);
  },
);
