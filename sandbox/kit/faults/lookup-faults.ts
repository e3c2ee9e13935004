import type { Request } from 'express';
import { FaultKind } from './fault-kinds';
import type { FaultRegistry } from './fault-registry';

/**
 * Whether an `ignore_filter` fault fires on this list request: the vendor then answers every record of the
 * collection, whatever the query asked for, as some real APIs do with a misspelt or unsupported filter. A
 * client that takes the first record of the answer adopts an unrelated one.
 */
export function ignoresFilter(faults: FaultRegistry, req: Request): boolean {
  return (
    faults.takeFirst([FaultKind.ignoreFilter], { method: req.method, path: req.baseUrl + req.path }) !==
    undefined
  );
}
