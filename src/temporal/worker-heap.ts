import { setFlagsFromString } from 'node:v8';

// V8 lets a heap grow far past what it holds between two full collections, and keeps what it grew: with 2,000
// records open, a worker's main thread used 55 MB of a 190–220 MB heap and the process held 575–600 MB
// (`npm run bench -- --only rss`). A worker's live memory is small and steady (systems connected once, a bounded
// workflow cache), so it can afford a heap that stays near its live size. Measured settings and their cost:
// README, "Worker memory".

/**
 * The young generation's semi-space of each of the worker's two JS threads, in MB (V8's default is 16). It is
 * sized when an isolate is created, so the main thread takes it from the command line — every launcher starts the
 * worker with `workerNodeFlags` — and the workflow thread, created later, from `applyWorkerHeapSettings`.
 *
 * The main thread runs the activities, the payload codec and the vendor calls: it allocates most per record and
 * holds little, so a larger young generation collects less often for the same work: 8 MB instead of 2 cut the
 * worker's CPU per record by a sixth (50.5 → 42.2 ms, `npm run bench -- --quick`, README "Worker memory"). The
 * workflow thread keeps the cached workflows, the bulk of a worker's memory with 10,000 records open, and stays
 * at 2 MB (8 MB there too saved ~4 ms more per record for ~10 MB more RSS with 1,500 open).
 */
const mainThreadSemiSpaceMb = 8;
const workflowThreadSemiSpaceMb = 2;

/** Node flags every launcher of the worker passes (npm start, npm run start:worker, docker-compose, the bench). */
export const workerNodeFlags: readonly string[] = [`--max-semi-space-size=${mainThreadSemiSpaceMb}`];

/**
 * Applies what can still be applied once the worker runs: how far each heap may grow past its live size after a
 * full collection (`WORKER_HEAP_GROWING_PERCENT`; 0 leaves V8's own factor of up to 4×), and the workflow
 * thread's young generation unless NODE_OPTIONS already chose one for every thread. Call it before the SDK
 * creates its workflow thread.
 */
export function applyWorkerHeapSettings(growingPercent: number): void {
  if (growingPercent > 0) setFlagsFromString(`--heap-growing-percent=${growingPercent}`);
  if ((process.env.NODE_OPTIONS ?? '').includes('--max-semi-space-size')) return;
  setFlagsFromString(`--max-semi-space-size=${workflowThreadSemiSpaceMb}`);
}
