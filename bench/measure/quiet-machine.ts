import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { readMachineCpuTicks } from './process-usage';

export interface Settled {
  waitedMs: number;
  /** Cores busy over the last second measured. */
  busyCores: number;
  /** False when `maxWaitMs` passed first: the measurement that follows shares the machine. */
  quiet: boolean;
}

/**
 * Waits until the machine's CPU has been quiet for a second (fewer than `busyCores` cores busy), or `maxWaitMs`
 * passed. A phase can leave work behind after its last record lands (the Temporal server's transfer and
 * visibility tasks, workflows' last tasks), and whichever run came next would pay for it: compared runs ("before",
 * after, the no-op ceiling) and the overload each start on a machine as quiet as the one before, and the
 * progress output says how long that took (a run on a machine that never settles says so).
 */
export async function waitForQuietMachine(
  options: { busyCores?: number; maxWaitMs?: number } = {},
): Promise<Settled> {
  const busyBelow = options.busyCores ?? 0.3;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const cores = cpus().length;
  const startedAt = performance.now();
  let busyCores = Number.POSITIVE_INFINITY;
  for (;;) {
    const before = readMachineCpuTicks();
    await sleep(1_000);
    const after = readMachineCpuTicks();
    const total = after.total - before.total;
    busyCores = total > 0 ? ((after.busy - before.busy) / total) * cores : 0;
    const waitedMs = performance.now() - startedAt;
    if (busyCores < busyBelow) return { waitedMs, busyCores, quiet: true };
    if (waitedMs >= maxWaitMs) return { waitedMs, busyCores, quiet: false };
  }
}

/** One line for the run's progress output. */
export function describeSettled(settled: Settled): string {
  const seconds = Math.round(settled.waitedMs / 100) / 10;
  const busy = Math.round(settled.busyCores * 100) / 100;
  return settled.quiet
    ? `machine quiet after ${seconds} s (${busy} cores busy)`
    : `machine still busy after ${seconds} s (${busy} cores busy): the next run shares it`;
}
