import { setFlagsFromString } from 'node:v8';

// V8 lets a heap grow far past what it holds between two full collections, and keeps what it grew: with 2,000
// records open, a worker's main thread used 55 MB of a 190–220 MB heap and the process held 575–600 MB
// (`npm run bench -- --only rss`). A worker's live memory is small and steady (systems connected once, a bounded
// workflow cache), so it can afford a heap that stays near its live size. Measured settings and their cost:
// README, "Worker memory".

/**
 * The young generation's semi-space, in MB (V8's default is 16). It is sized when an isolate is created, so the
 * main thread takes it from the command line — every launcher starts the worker with `workerNodeFlags` — and
 * the workflow thread, created later, from `applyWorkerHeapSettings`.
 */
const semiSpaceMb = 2;

/** Node flags every launcher of the worker passes (npm start, npm run start:worker, docker-compose, the bench). */
export const workerNodeFlags: readonly string[] = [`--max-semi-space-size=${semiSpaceMb}`];

/**
 * Applies what can still be applied once the worker runs: how far each heap may grow past its live size after a
 * full collection (`WORKER_HEAP_GROWING_PERCENT`; 0 leaves V8's own factor of up to 4×), and the workflow
 * thread's young generation unless NODE_OPTIONS or the command line already chose one. Call it before the SDK
 * creates its workflow thread.
 */
export function applyWorkerHeapSettings(growingPercent: number): void {
  if (growingPercent > 0) setFlagsFromString(`--heap-growing-percent=${growingPercent}`);
  const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((flag) =>
    flag.includes('--max-semi-space-size'),
  );
  if (!chosen) setFlagsFromString(workerNodeFlags[0]!);
}
