import type { LoudwireWorkerOptions } from '../../src/worker';

export type WorkerTuning = NonNullable<LoudwireWorkerOptions['tuning']>;

/** The environment variable that carries worker tuning (JSON) to the benchmark's worker processes. */
export const workerTuningVariable = 'BENCH_WORKER_TUNING';

export function readWorkerTuning(env: NodeJS.ProcessEnv): WorkerTuning {
  const raw = env[workerTuningVariable];
  return raw ? (JSON.parse(raw) as WorkerTuning) : {};
}

/** "maxCachedWorkflows=500,maxConcurrentActivityTaskExecutions=50" → tuning object (numbers only). */
export function parseWorkerTuning(text: string | undefined): WorkerTuning {
  if (!text) return {};
  const allowed = new Set([
    'maxCachedWorkflows',
    'maxConcurrentActivityTaskExecutions',
    'maxConcurrentWorkflowTaskExecutions',
  ]);
  const tuning: Record<string, number> = {};
  for (const pair of text.split(',')) {
    const [key, value] = pair.split('=').map((part) => part.trim());
    if (!key || !allowed.has(key) || !value || !Number.isInteger(Number(value))) {
      throw new Error(`--worker-tuning: "${pair}" is not one of ${[...allowed].join(', ')}=<integer>`);
    }
    tuning[key] = Number(value);
  }
  return tuning as WorkerTuning;
}
