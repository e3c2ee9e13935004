import { spawnSync, execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `npm run histories:capture`: refreshes the replay fixtures from real runs. It runs the test files that drive
 * every workflow path (record, approval, batch, credential health, unhandled events) against a real Temporal dev
 * server with LOUDWIRE_CAPTURE_HISTORIES set, so each test's workflows are exported as JSON histories into
 * test/fixtures/histories/<commit>/ (see that folder's README). Fixtures of earlier commits are kept: they stand
 * for records those releases left open, which this code must still replay.
 */
const pathTests = [
  'test/workflows',
  'test/failures/fault-alerts.test.ts',
  'test/failures/bulk-redrive.test.ts',
  'test/failures/alert-undelivered.test.ts',
  'test/approvals/approval-flow.test.ts',
  'test/approvals/approval-expiry.test.ts',
  'test/batch',
  'test/credentials',
];

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', 'src/workflows'], { encoding: 'utf8' }).trim();
const name = dirty ? `${commit}-dirty` : commit;
const directory = resolve('test/fixtures/histories', name);
rmSync(directory, { recursive: true, force: true });

console.log(`Capturing histories of ${pathTests.join(', ')} into ${directory}`);
const run = spawnSync('npx', ['vitest', 'run', ...pathTests], {
  stdio: 'inherit',
  env: { ...process.env, LOUDWIRE_CAPTURE_HISTORIES: directory },
});

const files = listJson(directory);
const bytes = files.reduce((total, file) => total + statSync(file).size, 0);
console.log(`\n${files.length} histories, ${(bytes / 1024).toFixed(0)} KB, in ${directory}`);
if (run.status !== 0) {
  console.error('Some tests failed: their histories may be incomplete. Fix them and capture again.');
  process.exit(1);
}

function listJson(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? listJson(join(root, entry.name))
        : entry.name.endsWith('.json')
          ? [join(root, entry.name)]
          : [],
    );
  } catch {
    return [];
  }
}
