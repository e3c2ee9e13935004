import type { Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { AnomalyDeclaration } from '../anomaly/anomaly-declaration';
import { emptyBaseline, observeRecord, type BaselineState } from '../anomaly/baseline-state';
import type { RecordFeatures } from '../anomaly/record-features';
import { UnconfirmedLessons } from './unconfirmed-lessons';
import { baselineStateQuery } from '../workflows/baseline-messages';
import { BaselineColdStart, baselineColdStartMemoKey } from '../workflows/baseline-cold-start';

/**
 * How old a worker's copy of a baseline may be before the next record reads it again. A query per record waits
 * for the baseline workflow's task queue position behind the signals of every other record (hundreds of
 * milliseconds on a busy worker); a copy shared for two seconds costs one query per integration and worker.
 */
export const baselineSnapshotMaxAgeMs = 2_000;

/** How long one read of the baseline's state may take; a record's scoring retries reads up to ANOMALY_BASELINE_WAIT. */
export const baselineReadDeadlineMs = 2_000;

/** The failure type of a read that found no state to score against (retryable: the baseline may answer soon). */
export const baselineUnavailableType = 'BaselineUnavailable';

/**
 * The worker's copies of its integrations' baselines (the state the baseline workflow answers to
 * `baselineState`). Records this worker sends to a baseline are applied to its copy too, so they are seen at
 * once; records of other workers appear within `baselineSnapshotMaxAgeMs`. What each record was scored against
 * is recorded in its history whatever copy it came from, so replay never depends on this cache.
 */
export class BaselineSnapshots {
  readonly #copies = new Map<string, { state: BaselineState; fetchedAt: number }>();
  readonly #reading = new Map<string, Promise<BaselineState>>();
  /** What this worker taught that a read may not include yet: re-learned by every read. */
  readonly unconfirmed = new UnconfirmedLessons();

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

  /** A record this worker just handed to the teacher: its copy learns it as the workflow will. */
  learned(workflowId: string, features: RecordFeatures, declaration: AnomalyDeclaration): void {
    this.unconfirmed.taught(workflowId, features, declaration);
    const copy = this.#copies.get(workflowId);
    if (copy) observeRecord(copy.state, features, declaration);
  }

  async #read(client: Client, workflowId: string): Promise<BaselineState> {
    let state: BaselineState;
    const readStartedAt = performance.now();
    try {
      state = await client.withDeadline(Date.now() + baselineReadDeadlineMs, () =>
        client.workflow.getHandle(workflowId).query(baselineStateQuery),
      );
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) {
        // A busy or replaying baseline (a worker just restarted) must not hold records: score against the copy
        // this worker has, however old, and try again after the usual age.
        const stale = this.#copies.get(workflowId);
        if (stale) {
          stale.fetchedAt = performance.now();
          return stale.state;
        }
        // Without a copy, the baseline's memo (answered by the server itself) says whether it is still in its
        // cold start, where nothing is held: the record then scores as a cold start, as it would have anyway.
        if ((await this.#coldStart(client, workflowId)) === BaselineColdStart.learning)
          return emptyBaseline();
        // Past the cold start (or not known to be in it): retryable, so the record's scoring waits for the
        // baseline up to ANOMALY_BASELINE_WAIT and is held past it (anomaly-check.ts), never written unscored.
        throw ApplicationFailure.create({
          type: baselineUnavailableType,
          message: `The baseline ${workflowId} did not answer within ${baselineReadDeadlineMs} ms: ${String(error)}`,
        });
      }
      state = emptyBaseline(); // the integration's first scored records start it
    }
    this.unconfirmed.applyTo(workflowId, state, readStartedAt);
    this.#copies.set(workflowId, { state, fetchedAt: performance.now() });
    return state;
  }

  /** The cold start the baseline's memo names; undefined when it has none (older runs) or cannot be read. */
  async #coldStart(client: Client, workflowId: string): Promise<BaselineColdStart | undefined> {
    try {
      const description = await client.withDeadline(Date.now() + baselineReadDeadlineMs, () =>
        client.workflow.getHandle(workflowId).describe(),
      );
      const value = description.memo?.[baselineColdStartMemoKey];
      return Object.values(BaselineColdStart).find((known) => known === value);
    } catch (error) {
      // No baseline yet (its first records are on their way to start it): nothing learned, a cold start.
      return error instanceof WorkflowNotFoundError ? BaselineColdStart.learning : undefined;
    }
  }
}
