import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * The workflow bundle of an earlier commit, built from `git archive` of its src/ (kept under .cache/, gitignored,
 * so webpack resolves this checkout's packages). The upgrade test runs records on it, then on this code.
 */
export async function workflowBundleOfCommit(commit: string): Promise<string> {
  const root = resolve(import.meta.dirname, '../..');
  const directory = join(root, '.cache/loudwire-releases', commit);
  const bundlePath = join(directory, 'workflows.js');
  if (existsSync(bundlePath)) return bundlePath;
  try {
    execFileSync('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: root, stdio: 'ignore' });
  } catch {
    throw new Error(
      `Commit ${commit} is not in this clone: the upgrade test needs the git history (git fetch)`,
    );
  }
  mkdirSync(directory, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${commit} src | tar -x -C "${directory}"`], { cwd: root });
  const bundle = await bundleWorkflowCode({
    workflowsPath: join(directory, 'src/workflows/index.ts'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never,
  });
  writeFileSync(bundlePath, bundle.code);
  return bundlePath;
}
