import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxHostMessage } from './sandbox-host-messages';

/**
 * Collects "record stored at target" reports from child processes (the sandbox host for Loudwire, the no-op
 * worker for the ceiling) and answers when a record has landed at every target.
 */
export class LandingTracker {
  private readonly targetsByRecord = new Map<string, Map<string, number>>();
  private complete = 0;

  constructor(private readonly targetsPerRecord: number) {}

  listenTo(child: ChildProcess): void {
    child.on('message', (message: SandboxHostMessage) => {
      if (message?.type !== 'landed') return;
      const targets = this.targetsByRecord.get(message.externalId) ?? new Map<string, number>();
      if (targets.has(message.target)) return;
      targets.set(message.target, message.at);
      this.targetsByRecord.set(message.externalId, targets);
      if (targets.size === this.targetsPerRecord) this.complete += 1;
    });
  }

  /** Records present at every target so far. */
  landedCount(): number {
    return this.complete;
  }

  /** When the record was present at every target (epoch ms), or undefined while it is not. */
  landedAt(recordKey: string): number | undefined {
    const targets = this.targetsByRecord.get(recordKey);
    if (!targets || targets.size < this.targetsPerRecord) return undefined;
    return Math.max(...targets.values());
  }

  /**
   * Waits until every record has landed or `timeoutMs` passes; prints progress every few seconds. Answers
   * the landing time of each record that made it.
   */
  async waitForAll(
    recordKeys: readonly string[],
    timeoutMs: number,
    progress: (landed: number, total: number) => void,
  ): Promise<Map<string, number>> {
    const deadline = Date.now() + timeoutMs;
    let lastProgress = Date.now();
    const landed = new Map<string, number>();
    for (;;) {
      for (const key of recordKeys) {
        if (landed.has(key)) continue;
        const at = this.landedAt(key);
        if (at !== undefined) landed.set(key, at);
      }
      if (landed.size === recordKeys.length || Date.now() > deadline) return landed;
      if (Date.now() - lastProgress > 5_000) {
        progress(landed.size, recordKeys.length);
        lastProgress = Date.now();
      }
      await sleep(50);
    }
  }
}
