import { runMapping } from '../mapping/run-mapping';
import type { BatchIntegration, SourceRecord } from './batch-integration';
import { combineBodies, rowKeyOf } from './row-aggregation';

/** A source record the mapping refused, named by its source key. */
export interface RejectedRecord {
  key: string;
  /** `field: reason` of each problem, joined. */
  reason: string;
}

/**
 * Maps source records through the integration's declarative mapping (the same layer as the webhook path) and
 * folds the target bodies into rows by key. The sync pass and the reconciliation pass both run this, so they
 * agree on what the destination should hold.
 */
export function mapIntoRows(
  integration: BatchIntegration,
  records: readonly SourceRecord[],
  rows: Map<string, Record<string, unknown>>,
  onReject: (rejected: RejectedRecord) => void,
): void {
  for (const record of records) {
    if (record.refusal !== undefined) {
      onReject({ key: record.key, reason: record.refusal });
      continue;
    }
    const outcome = runMapping(integration.mapping, record.payload);
    if (outcome.status === 'rejected') {
      onReject({
        key: record.key,
        reason: outcome.reasons.map((problem) => `${problem.field}: ${problem.reason}`).join('; '),
      });
      continue;
    }
    const body = outcome.targets[integration.target];
    if (!body) {
      onReject({ key: record.key, reason: `the mapping produced no ${integration.target} body` });
      continue;
    }
    const key = rowKeyOf(integration.aggregation, body);
    const existing = rows.get(key);
    rows.set(key, existing ? combineBodies(integration.aggregation, existing, body) : body);
  }
}
