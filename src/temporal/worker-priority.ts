import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Logger } from '../logging/logger';

// Where the API and the worker share a host's cores (npm start, one docker-compose host), a burst of webhooks
// and the records it starts compete for the same CPU, and a webhook's answer waits in the run queue behind
// workflow tasks that could as well run a second later: Temporal holds every accepted record durably. A worker
// with a lower scheduling priority takes the cores the API and Temporal leave, so the webhook path keeps its
// short answer and records are processed with the rest (README, "Under overload"). A worker alone on its host,
// or in its own container's CPU share, runs as before: priorities only order threads competing for the same cores.
//
// `idle` (Linux's SCHED_IDLE) is the strongest form: a thread of the API or Temporal that wakes up takes the core
// from the worker at once. A nice value only weighs the worker's share; on Linux's scheduler (EEVDF) a woken
// thread may still wait out the worker's time slice, and a webhook's answer wakes threads in the API, Temporal and
// SQLite several times. In the bench's overload (400/s offered, 4 calls in flight) the worker at nice 10 let
// Temporal accept 515 events in 10 s, with accepted answers at p50 60–105 ms per second of the run; at nice 19,
// 628 and 50–76 ms; SCHED_IDLE, 807 and 38–67 ms.

/** The worker's CPU priority (WORKER_NICE): `idle` (SCHED_IDLE), or a nice value 0–19 (0: as started). */
export type WorkerCpuPriority = 'idle' | number;

/** The nice value used where SCHED_IDLE is not available: the lowest there is. */
const idleFallbackNice = 19;

/**
 * Lowers the worker's scheduling priority. On Linux a thread's priority is its own, and threads started later
 * inherit their creator's: so every thread already running (V8's platform threads among them) is set, and the
 * SDK's workflow thread and Temporal core's threads, started from the main thread afterwards, inherit it. Call it
 * before the SDK starts them. A refusal (a container without the right to change priorities) is logged, not
 * fatal: the worker runs at its priority.
 */
export function lowerWorkerPriority(priority: WorkerCpuPriority, logger: Logger): void {
  if (priority === 0) return;
  if (priority === 'idle') {
    const refused = process.platform === 'linux' ? scheduleIdle() : 'SCHED_IDLE is Linux-only';
    if (refused === undefined) {
      logger.info(
        { priority },
        'worker runs only on cores the API and Temporal leave idle (WORKER_NICE=idle, SCHED_IDLE)',
      );
      return;
    }
    logger.warn(
      { priority, reason: refused, nice: idleFallbackNice },
      'SCHED_IDLE unavailable for the worker (WORKER_NICE=idle): runs at nice 19 instead',
    );
    setNice(idleFallbackNice, logger);
    return;
  }
  setNice(priority, logger);
}

function setNice(nice: number, logger: Logger): void {
  try {
    for (const thread of threadIds()) setPriority(thread, nice);
    logger.info({ nice }, 'worker runs at a lower CPU priority than the API (WORKER_NICE)');
  } catch (error) {
    logger.warn(
      { nice, error: String(error) },
      'could not lower the worker priority (WORKER_NICE); runs as started',
    );
  }
}

/**
 * Puts every thread of this process under SCHED_IDLE with util-linux's `chrt` (Node has no call for it; util-linux
 * is part of every Debian and Ubuntu system, node:*-slim images included). Returns why not, or undefined once done.
 * Lowering one's own policy needs no privilege.
 */
function scheduleIdle(): string | undefined {
  try {
    execFileSync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(process.pid)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 5_000,
    });
    return undefined;
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: Buffer };
    if (code === 'ENOENT') return 'chrt (util-linux) is not installed';
    return (
      String(stderr ?? error)
        .trim()
        .split('\n')[0] || String(error)
    );
  }
}

/** Every thread of this process on Linux; elsewhere the process itself (0), which covers all its threads. */
function threadIds(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [0];
  }
}
