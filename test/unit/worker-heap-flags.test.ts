import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceEntryPoints } from '../../scripts/dev-stack/compiled-build-for-start';
import { workerNodeFlags } from '../../src/temporal/worker-heap';

// The main thread's young generation is sized when the process starts, so the worker's heap flags work only if
// every launcher passes them (src/temporal/worker-heap.ts): a launcher that forgets them runs a worker that
// holds about 30 MB more, which nothing else would notice.

const repositoryFile = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe("the worker's heap flags", () => {
  it('are a young-generation bound Node accepts on its command line', () => {
    expect(workerNodeFlags).toEqual([expect.stringMatching(/^--max-semi-space-size=\d+$/)]);
  });

  it('are passed by npm start (compiled and from source), npm run start:worker and docker-compose', () => {
    expect(sourceEntryPoints.workerNodeArgs.slice(0, workerNodeFlags.length)).toEqual(workerNodeFlags);
    const startWorker = (JSON.parse(repositoryFile('package.json')) as { scripts: Record<string, string> })
      .scripts['start:worker']!;
    const composeWorker = /\n {2}worker:\n(?:.*\n)*? {4}command: (\[.*\])/.exec(
      repositoryFile('docker-compose.yml'),
    );
    expect(composeWorker, 'the compose file has a worker service with a command').not.toBeNull();
    for (const flag of workerNodeFlags) {
      expect(startWorker.split(' ')).toContain(flag);
      expect(composeWorker![1]).toContain(`'${flag}'`);
    }
  });
});
