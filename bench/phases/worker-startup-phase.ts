import { resolve } from 'node:path';
import { startTypeScriptProcess } from '../../scripts/dev-stack/managed-process';
import { summarizeLatencies, type LatencySummary } from '../measure/latency-summary';
import { processCpuSeconds } from '../measure/process-usage';
import type { PhaseContext } from './phase-context';
import { roundSummary } from './ingest-phase';

const projectRoot = resolve(import.meta.dirname, '../..');

/** Milliseconds from spawning a worker process to it polling ("worker started", ready over IPC). */
export interface WorkerStartup {
  /** `node --import tsx src/worker.ts`: TypeScript compiled and src/workflows bundled at every start. */
  source: LatencySummary;
  /** `node dist/worker.js` after `npm run build`: JavaScript and the prebuilt workflow bundle. */
  compiled: LatencySummary;
  /**
   * CPU seconds each used until ready (median; its own threads, so tsx's esbuild helper process is left out):
   * unlike the wall time, barely moved by other load on the machine.
   */
  cpuSeconds: { source: number; compiled: number };
  starts: number;
}

/**
 * Starts the real worker entry point `starts` times each way, one at a time, on a task queue of its own against
 * the stack's Temporal, and times each until it reports ready; the stack is otherwise idle.
 */
export async function runWorkerStartupPhase(context: PhaseContext, starts: number): Promise<WorkerStartup> {
  const { stack, print } = context;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_TASK_QUEUE: `bench-startup-${context.nextRunTag()}`,
  };
  const time = async (name: string, entryPoint: string, nodeArgs?: readonly string[]) => {
    const startedAt = performance.now();
    const worker = startTypeScriptProcess(name, entryPoint, env, () => undefined, nodeArgs);
    try {
      await worker.waitUntilReady(120_000);
      const wallMs = performance.now() - startedAt;
      cpu[name === 'startup-source' ? 'source' : 'compiled'].push(
        processCpuSeconds(worker.child.pid!) ?? Number.NaN,
      );
      return wallMs;
    } finally {
      await worker.stop();
    }
  };
  const source: number[] = [];
  const compiled: number[] = [];
  const cpu = { source: [] as number[], compiled: [] as number[] };
  for (let attempt = 1; attempt <= starts; attempt++) {
    source.push(await time('startup-source', resolve(projectRoot, 'src/worker.ts')));
    compiled.push(await time('startup-compiled', resolve(projectRoot, 'dist/worker.js'), []));
    print(
      `  worker start ${attempt}/${starts}: from source ${Math.round(source.at(-1)!)} ms ` +
        `(${cpu.source.at(-1)} CPU-s), compiled ${Math.round(compiled.at(-1)!)} ms (${cpu.compiled.at(-1)} CPU-s)`,
    );
  }
  return {
    source: roundSummary(summarizeLatencies(source)),
    compiled: roundSummary(summarizeLatencies(compiled)),
    cpuSeconds: { source: median(cpu.source), compiled: median(cpu.compiled) },
    starts,
  };
}

function median(values: number[]): number {
  return summarizeLatencies(values).p50;
}
