import type { BatchIntegration, CallOptions } from './batch-integration';
import type { ReconciliationReport } from './batch-sync-types';
import { mapIntoRows } from './map-source-records';
import { RowChecksum, rowDigest } from './row-checksum';
import type { SyncWindow } from './sync-window';

export interface ReconcileOptions extends CallOptions {
  pageSize: number;
  sampleSize: number;
  /** Called after every page read, on either side (the activity heartbeats here). */
  onPage?: () => void;
}

/**
 * Proves the destination holds what the source has for a window. Reads the source again, independently of the
 * sync pass (so a page the sync skipped shows up too), maps it with the same mapping, and reads the destination
 * back. Compares row counts and an order-independent checksum over every row's canonical fields, and names the
 * rows that differ.
 */
export async function reconcileWindow(
  integration: BatchIntegration,
  window: SyncWindow,
  options: ReconcileOptions,
): Promise<ReconciliationReport> {
  const expected = new Map<string, Record<string, unknown>>();
  let records = 0;
  let rejected = 0;
  for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
    const page = await integration.readSourcePage(window, cursor, options.pageSize, options);
    records += page.items.length;
    mapIntoRows(integration, page.items, expected, () => (rejected += 1));
    cursor = page.nextCursor;
    options.onPage?.();
  }
  const sourceChecksum = new RowChecksum();
  const expectedDigests = new Map<string, string>();
  for (const [key, body] of expected) {
    const digest = rowDigest(key, integration.canonicalFields(body));
    expectedDigests.set(key, digest);
    sourceChecksum.add(digest);
  }

  const destinationChecksum = new RowChecksum();
  const seen = new Map<string, { digest: string; body: Record<string, unknown>; copies: number }>();
  for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
    const page = await integration.readDestinationPage(window, cursor, options.pageSize, options);
    for (const row of page.items) {
      const digest = rowDigest(row.key, integration.canonicalFields(row.body));
      destinationChecksum.add(digest);
      const earlier = seen.get(row.key);
      if (earlier) earlier.copies += 1;
      else seen.set(row.key, { digest, body: row.body, copies: 1 });
    }
    cursor = page.nextCursor;
    options.onPage?.();
  }

  const missing: string[] = [];
  const altered: string[] = [];
  for (const [key, digest] of expectedDigests) {
    const held = seen.get(key);
    if (!held) missing.push(key);
    else if (held.digest !== digest) altered.push(key);
  }
  const unexpected = [...seen.keys()].filter((key) => !expectedDigests.has(key));
  const duplicated = [...seen.entries()].filter(([, held]) => held.copies > 1).map(([key]) => key);
  const sample = <T>(items: T[]) => items.sort().slice(0, options.sampleSize);

  const matched =
    sourceChecksum.count === destinationChecksum.count &&
    sourceChecksum.hex === destinationChecksum.hex &&
    missing.length + altered.length + unexpected.length + duplicated.length === 0;
  return {
    window,
    source: { rows: sourceChecksum.count, checksum: sourceChecksum.hex, records, rejected },
    destination: { rows: destinationChecksum.count, checksum: destinationChecksum.hex },
    matched,
    missingKeys: sample(missing),
    missingCount: missing.length,
    alteredKeys: sample(altered).map((key) => ({
      key,
      expected: integration.canonicalFields(expected.get(key)!),
      actual: integration.canonicalFields(seen.get(key)!.body),
    })),
    alteredCount: altered.length,
    unexpectedKeys: sample(unexpected),
    unexpectedCount: unexpected.length,
    duplicatedKeys: sample(duplicated),
    duplicatedCount: duplicated.length,
  };
}
