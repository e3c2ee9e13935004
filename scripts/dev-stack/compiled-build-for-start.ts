import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { compiledBuildState, distDir, projectRoot } from '../../bin/compiled-build.mjs';
import { workerNodeFlags } from '../../src/temporal/worker-heap';

/** Entry points `npm start` runs: compiled ones (with no `--import tsx`) or the TypeScript source. */
export interface StackEntryPoints {
  api: string;
  worker: string;
  /** Node arguments before the entry point: none for dist/, `--import tsx` for src/. */
  nodeArgs: readonly string[];
  /** The worker's: `nodeArgs` and its heap flags (src/temporal/worker-heap.ts). */
  workerNodeArgs: readonly string[];
  compiled: boolean;
}

const sourceEntryPoints: StackEntryPoints = {
  api: join(projectRoot, 'src/api/server.ts'),
  worker: join(projectRoot, 'src/worker.ts'),
  nodeArgs: ['--import', 'tsx'],
  workerNodeArgs: [...workerNodeFlags, '--import', 'tsx'],
  compiled: false,
};

/**
 * The compiled API and worker (dist/, `npm run build`), built first when dist/ is missing or older than src/ —
 * a few seconds, repaid at once by a worker that starts without bundling its workflows. When the build fails,
 * the stack runs from source and says why; `npm run dev` always runs from source (it restarts on changes).
 */
export function compiledEntryPointsForStart(print: (line: string) => void): StackEntryPoints {
  const state = compiledBuildState();
  if (!state.fresh) {
    print(`Building dist/ (${state.reason.replace(/ \(npm run build\)$/, '')})…`);
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts/build/build-dist.ts')], {
        cwd: projectRoot,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (error) {
      const detail = String((error as { stderr?: Buffer }).stderr ?? error)
        .trim()
        .split('\n')[0];
      print(`The build failed (${detail}): running the API and the worker from source through tsx.`);
      return sourceEntryPoints;
    }
  }
  return {
    api: join(distDir, 'api-server.js'),
    worker: join(distDir, 'worker.js'),
    nodeArgs: [],
    workerNodeArgs: workerNodeFlags,
    compiled: true,
  };
}

export { sourceEntryPoints };
