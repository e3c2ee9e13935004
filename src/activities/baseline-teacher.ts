import type { Client } from '@temporalio/client';
import type { RecordFeatures } from '../anomaly/record-features';
import type { Logger } from '../logging/logger';
import { observeRecordsSignal, type IntegrationBaselineInput } from '../workflows/baseline-messages';
import { BaselineColdStart, baselineColdStartMemoKey } from '../workflows/baseline-cold-start';

/** How often a worker sends what its records taught a baseline, and how many records one signal carries. */
export const baselineTeachIntervalMs = 1_000;
export const baselineTeachBatch = 200;
/** Records waiting for a baseline that cannot be reached; past it the oldest are dropped (counted, logged). */
export const baselineTeachBacklog = 5_000;

interface PendingLessons {
  start: IntegrationBaselineInput;
  taskQueue: string;
  records: RecordFeatures[];
  dropped: number;
}

/**
 * Sends the records a worker scored to their integration's baseline workflow in batches, off the record's path.
 * One baseline workflow serves every record of an integration: a signal per record made it the hot spot of the
 * whole system (at 15 records/s the dev server answered RESOURCE_EXHAUSTED and every record's scoring waited on
 * it). A batch per second per worker keeps it to a few signals a second. The worker's own copy learns each record
 * at once (baseline-snapshots.ts), so near-duplicates are caught between two flushes on one worker; a worker that
 * dies loses at most its unsent second of lessons — statistics, never a record's data or decision.
 */
export class BaselineTeacher {
  readonly #pending = new Map<string, PendingLessons>();
  #timer: NodeJS.Timeout | undefined;
  #flushing = false;

  constructor(
    private readonly client: () => Client,
    private readonly logger: Logger,
    /** Told of each batch the baseline accepted (baseline-snapshots.ts stops re-learning it). */
    private readonly onAccepted: (workflowId: string, records: RecordFeatures[]) => void = () => {},
  ) {}

  teach(
    workflowId: string,
    taskQueue: string,
    start: IntegrationBaselineInput,
    record: RecordFeatures,
  ): void {
    const pending = this.#pending.get(workflowId) ?? { start, taskQueue, records: [], dropped: 0 };
    this.#pending.set(workflowId, pending);
    pending.records.push(record);
    if (pending.records.length > baselineTeachBacklog) {
      pending.records.shift();
      pending.dropped += 1;
    }
    this.#schedule();
  }

  /** One flush at a time, a second apart: a slow baseline never has two batches of one worker racing. */
  #schedule(): void {
    if (this.#timer || this.#flushing) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flushing = true;
      void this.#flush().finally(() => {
        this.#flushing = false;
        if (this.#pending.size > 0) this.#schedule();
      });
    }, baselineTeachIntervalMs);
    this.#timer.unref();
  }

  async #flush(): Promise<void> {
    for (const [workflowId, pending] of this.#pending) {
      while (pending.records.length > 0) {
        const batch = pending.records.slice(0, baselineTeachBatch);
        try {
          await this.client().workflow.signalWithStart('integrationBaselineWorkflow', {
            workflowId,
            taskQueue: pending.taskQueue,
            args: [pending.start],
            signal: observeRecordsSignal,
            signalArgs: [{ records: batch }],
            staticSummary: `The learned baseline of ${pending.start.integration}'s records (predictive checks)`,
            // A new baseline is in its cold start until it says otherwise (baseline-cold-start.ts).
            memo: { [baselineColdStartMemoKey]: BaselineColdStart.learning },
          });
          pending.records.splice(0, batch.length);
          this.onAccepted(workflowId, batch);
        } catch (error) {
          this.logger.warn(
            { workflowId, waiting: pending.records.length, error: String(error) },
            'baseline unreachable: its lessons wait for the next flush',
          );
          break;
        }
      }
      if (pending.dropped > 0) {
        this.logger.warn(
          { workflowId, dropped: pending.dropped },
          'baseline unreachable too long: its oldest lessons were dropped (statistics only)',
        );
        pending.dropped = 0;
      }
      if (pending.records.length === 0) this.#pending.delete(workflowId);
    }
  }
}
