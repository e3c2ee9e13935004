import { setTimeout as sleep } from 'node:timers/promises';
import type { ChaosComponent, ChaosStack } from './chaos-stack';

export interface KillPlan {
  /** SIGKILL the worker this often (then start it again at once). */
  workerKillEveryMs: number;
  /** Stop after this many worker kills (the CI run kills it once). */
  maxWorkerKills: number;
  /** When the second worker joins and leaves (ms after the first webhook). */
  secondWorker: { fromMs: number; untilMs: number };
  /** When the API is SIGKILLed, and how long it stays down. */
  apiKillAtMs: number;
  apiDownMs: number;
  /** When the Temporal dev server is SIGKILLed, and how long it stays down (its SQLite file stays). */
  temporalKillAtMs: number;
  temporalDownMs: number;
}

export type KillCounts = Record<'worker' | 'api' | 'temporal', number> & { secondWorkerMs: number };

/**
 * Carries out a kill plan against a running stack while the load runs. Each kill is a SIGKILL (no shutdown
 * hook runs); each restart waits until the component reports ready. Every event is printed as it happens.
 */
export class ProcessKiller {
  readonly counts: KillCounts = { worker: 0, api: 0, temporal: 0, secondWorkerMs: 0 };
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private readonly startedAt = Date.now();

  constructor(
    private readonly stack: ChaosStack,
    private readonly plan: KillPlan,
    private readonly print: (line: string) => void,
  ) {}

  /** Restarts that failed (a component not ready in time): the run reports them and fails. */
  readonly failures: string[] = [];

  start(): void {
    const loops = [
      this.killWorkerRepeatedly(),
      this.runSecondWorker(),
      this.killOnce('api'),
      this.killOnce('temporal'),
    ];
    for (const loop of loops) {
      this.loops.push(
        loop.catch((error: Error) => {
          this.failures.push(error.message);
          this.print(`[chaos] ${this.elapsed()} ${error.message}`);
        }),
      );
    }
  }

  /** Stops killing, waits for any restart under way, and leaves every component running. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private async killWorkerRepeatedly(): Promise<void> {
    while (!this.stopped && this.counts.worker < this.plan.maxWorkerKills) {
      const killAt = Date.now() + this.plan.workerKillEveryMs;
      while (!this.stopped && Date.now() < killAt) await sleep(250);
      if (this.stopped) return;
      await this.restart('worker', 0);
      this.counts.worker += 1;
    }
  }

  private async runSecondWorker(): Promise<void> {
    if (!(await this.waitUntil(this.plan.secondWorker.fromMs))) return;
    const joinedAt = Date.now();
    this.print(`[chaos] ${this.elapsed()} a second worker joins the task queue`);
    await this.stack.start('second-worker');
    await this.waitUntil(this.plan.secondWorker.untilMs);
    this.print(`[chaos] ${this.elapsed()} the second worker leaves (SIGTERM)`);
    await this.stack.stopSecondWorker();
    this.counts.secondWorkerMs = Date.now() - joinedAt;
  }

  private async killOnce(component: 'api' | 'temporal'): Promise<void> {
    const at = component === 'api' ? this.plan.apiKillAtMs : this.plan.temporalKillAtMs;
    const downMs = component === 'api' ? this.plan.apiDownMs : this.plan.temporalDownMs;
    if (!(await this.waitUntil(at))) return;
    await this.restart(component, downMs);
    this.counts[component] += 1;
  }

  private async restart(component: ChaosComponent, downMs: number): Promise<void> {
    this.print(`[chaos] ${this.elapsed()} SIGKILL ${component}`);
    await this.stack.kill(component);
    await sleep(downMs);
    const restartingAt = Date.now();
    await this.stack.start(component);
    this.print(
      `[chaos] ${this.elapsed()} ${component} back (ready ${((Date.now() - restartingAt) / 1000).toFixed(1)} s after its start)`,
    );
  }

  /** Sleeps until `ms` after the start; false when stopped first. */
  private async waitUntil(ms: number): Promise<boolean> {
    while (!this.stopped && Date.now() - this.startedAt < ms) await sleep(250);
    return !this.stopped;
  }

  private elapsed(): string {
    return `${((Date.now() - this.startedAt) / 1000).toFixed(0)} s:`;
  }
}
