import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, type NativeConnection, type Worker } from '@temporalio/worker';
import { workflowBundleConverters } from '../../src/encryption/loudwire-data-converter';

/**
 * The workflow bundle of an earlier commit, built from `git archive` of its src/ (kept under .cache/, gitignored,
 * so webpack resolves this checkout's packages). The upgrade test runs records on it, then on this code.
 */
export async function workflowBundleOfCommit(commit: string): Promise<string> {
  const root = resolve(import.meta.dirname, '../..');
  const directory = join(root, '.cache/loudwire-releases', commit);
  // Built with this checkout's payload converters, so the release's workflows read encrypted payloads.
  const bundlePath = join(directory, 'workflows-with-converters.js');
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
    ...workflowBundleConverters,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never,
  });
  writeFileSync(bundlePath, bundle.code);
  return bundlePath;
}

/**
 * A worker of an earlier commit as that release ran it: its workflow bundle and its own activities, connectors
 * and environment schema, all from `git archive` of its src/. `env` uses that release's variable names.
 */
export async function releaseWorkerFactory(
  commit: string,
  env: Record<string, string>,
  /** The deployment's data converter: payload encryption is rolled out to workers first (docs/security.md). */
  dataConverter: DataConverter,
): Promise<(connection: NativeConnection) => Promise<Worker>> {
  const bundlePath = await workflowBundleOfCommit(commit);
  const source = join(resolve(import.meta.dirname, '../..'), '.cache/loudwire-releases', commit, 'src');
  const workerModule = (await import(join(source, 'worker.ts'))) as {
    createLoudwireWorker(options: Record<string, unknown>): Promise<Worker>;
  };
  const environmentModule = (await import(join(source, 'config/environment.ts'))) as {
    loadEnvironment(raw: Record<string, string>): unknown;
  };
  const loggerModule = (await import(join(source, 'logging/logger.ts'))) as {
    createLogger(component: string, level: string): unknown;
  };
  return (connection) =>
    workerModule.createLoudwireWorker({
      connection,
      env: environmentModule.loadEnvironment(env),
      logger: loggerModule.createLogger(`release-${commit}`, 'silent'),
      workflowBundle: { codePath: bundlePath },
      tuning: { dataConverter },
    });
}
