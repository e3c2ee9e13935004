import type { Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { AnomalyDeclaration } from '../anomaly/anomaly-declaration';
import { emptyBaseline, observeRecord, type BaselineState } from '../anomaly/baseline-state';
import type { RecordFeatures } from '../anomaly/record-features';
import { baselineStateQuery } from '../workflows/baseline-messages';

/**
 * How old a worker's copy of a baseline may be before the next record reads it again. A query per record waits
 * for the baseline workflow's task queue position behind the signals of every other record (hundreds of
 * milliseconds on a busy worker); a copy shared for two seconds costs one query per integration and worker.
 */
export const baselineSnapshotMaxAgeMs = 2_000;

/** How long a record's scoring waits for the baseline's state before it goes on without it. */
export const baselineReadDeadlineMs = 2_000;

/**
 * The worker's copies of its integrations' baselines (the state the baseline workflow answers to
 * `baselineState`). Records this worker sends to a baseline are applied to its copy too, so they are seen at
 * once; records of other workers appear within `baselineSnapshotMaxAgeMs`. What each record was scored against
 * is recorded in its history whatever copy it came from, so replay never depends on this cache.
 */
export class BaselineSnapshots {
  readonly #copies = new Map<string, { state: BaselineState; fetchedAt: number }>();
  readonly #reading = new Map<string, Promise<BaselineState>>();

  constructor(private readonly maxAgeMs = baselineSnapshotMaxAgeMs) {}

  /** The baseline's state, read again when the copy is older than the maximum age (one read at a time). */
  async current(client: Client, workflowId: string): Promise<BaselineState> {
    const copy = this.#copies.get(workflowId);
    if (copy && performance.now() - copy.fetchedAt < this.maxAgeMs) return copy.state;
    let reading = this.#reading.get(workflowId);
    if (!reading) {
      reading = this.#read(client, workflowId).finally(() => this.#reading.delete(workflowId));
      this.#reading.set(workflowId, reading);
    }
    return reading;
  }

  /** A record this worker just sent to the baseline: its copy learns it as the workflow does. */
  learned(workflowId: string, features: RecordFeatures, declaration: AnomalyDeclaration): void {
    const copy = this.#copies.get(workflowId);
    if (copy) observeRecord(copy.state, features, declaration);
  }

  async #read(client: Client, workflowId: string): Promise<BaselineState> {
    let state: BaselineState;
    try {
      state = await client.withDeadline(Date.now() + baselineReadDeadlineMs, () =>
        client.workflow.getHandle(workflowId).query(baselineStateQuery),
      );
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) {
        // A busy or replaying baseline (a worker just restarted) must not hold records: score against the copy
        // this worker has, however old, and try again after the usual age; without one, the record goes on
        // unscored with a warning (anomaly-check.ts) rather than wait.
        const stale = this.#copies.get(workflowId);
        if (stale) {
          stale.fetchedAt = performance.now();
          return stale.state;
        }
        throw ApplicationFailure.nonRetryable(
          `The baseline ${workflowId} did not answer within ${baselineReadDeadlineMs} ms: ${String(error)}`,
          'BaselineUnavailable',
        );
      }
      state = emptyBaseline(); // the integration's first scored records start it
    }
    this.#copies.set(workflowId, { state, fetchedAt: performance.now() });
    return state;
  }
}
