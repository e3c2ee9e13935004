import type { TargetKey } from '../systems/kit/target-resource';
import type { AnyMappingDefinition } from '../mapping/mapping-definition';
import type { RowAggregation } from './row-aggregation';
import type { SyncWindow } from './sync-window';

/** One source record as read, with the key reports name it by (the time entry's ID). */
export interface SourceRecord {
  key: string;
  /** What the mapping reads. */
  payload: unknown;
  /** Set when the reader already knows the record must not be synced (e.g. the source ignored a filter). */
  refusal?: string;
}

/** A row of the destination: its reconciliation key and the body written (or read back). */
export interface DestinationRow {
  key: string;
  body: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

/** What the destination did with one row of a batch. */
export interface RowWriteOutcome {
  key: string;
  status: 'created' | 'duplicate' | 'refused';
  /** Why a refused row was refused, in the destination's words. */
  reason?: string;
}

/** I/O options every call receives: activities pass their cancellation signal, so a worker shutdown stops a read. */
export interface CallOptions {
  signal: AbortSignal;
}

/**
 * A batch integration: a paged source, the declarative mapping every record goes through (the same layer as the
 * webhook path), how mapped records become destination rows, and a destination that can be written in batches
 * and read back for reconciliation. One folder under src/integrations implements it; one line registers it.
 */
export interface BatchIntegration {
  /** Stable name, in workflow IDs, schedule IDs, alerts (`billable-hours`). */
  name: string;
  source: string;
  /** The target resource written (`billing/usage-records`). */
  target: TargetKey;
  /** Maps one source record; the body for `target` becomes a destination row. */
  mapping: AnyMappingDefinition;

  /** One page of source records in the window, after `cursor` (null = from the start). */
  readSourcePage(
    window: SyncWindow,
    cursor: string | null,
    limit: number,
    options: CallOptions,
  ): Promise<Page<SourceRecord>>;

  /** Which destination row a mapped body belongs to, and how bodies of one row combine. */
  aggregation: RowAggregation;
  /** The fields reconciliation compares, as written and as read back (no destination-made IDs or timestamps). */
  canonicalFields(body: Record<string, unknown>): Record<string, string | number | boolean | null>;

  /**
   * Writes one batch. `batchKey` is stable for this batch across retries (sent as `Idempotency-Key`); each row
   * carries its own idempotency key derived from its row key, so no retry or rerun ever stores a row twice.
   */
  writeRows(rows: DestinationRow[], batchKey: string, options: CallOptions): Promise<RowWriteOutcome[]>;

  /** One page of what the destination holds for the window, as rows. */
  readDestinationPage(
    window: SyncWindow,
    cursor: string | null,
    limit: number,
    options: CallOptions,
  ): Promise<Page<DestinationRow>>;
}
