import { isPlainObject } from './field-path';

/** Options for {@link findUnmappedFields}. */
export interface UnmappedFieldsOptions {
  /**
   * Nesting depth explored; deeper junk is reported at this depth as one field.
   * @default 6
   */
  maxDepth?: number;
  /**
   * Most fields listed; the rest are summarised in one final entry, so a payload with a million keys yields a
   * short report.
   * @default 50
   */
  maxReported?: number;
}

/** Longest key echoed in a report; a megabyte-long key is cut, with a marker. */
const maxKeyLength = 64;

/**
 * Lists the dotted paths present in `payload` that no mapping reads, so an added or renamed source field is
 * reported instead of silently dropped. A path counts as read when a mapping reads it or one of its ancestors
 * (a mapping reading `deal.amount` covers whatever is inside it). Objects are descended into; arrays and
 * scalars are leaves.
 */
export function findUnmappedFields(
  payload: unknown,
  readPaths: readonly string[],
  options: UnmappedFieldsOptions = {},
): string[] {
  const maxDepth = options.maxDepth ?? 6;
  const maxReported = options.maxReported ?? 50;
  const read = new Set(readPaths);
  // A path with mapped descendants must be walked into, not reported as a whole.
  const ancestorsOfRead = new Set(readPaths.flatMap((path) => ancestorsOf(path)));
  const unmapped: string[] = [];
  let notListed = 0;

  const visit = (value: unknown, path: string, depth: number): void => {
    if (path !== '' && read.has(path)) return;
    const holdsReadFields = path === '' || ancestorsOfRead.has(path);
    if (isPlainObject(value) && depth < maxDepth && holdsReadFields) {
      for (const key of Object.keys(value)) {
        const shownKey = key.length > maxKeyLength ? `${key.slice(0, maxKeyLength)}…` : key;
        visit(value[key], path === '' ? shownKey : `${path}.${shownKey}`, depth + 1);
      }
      return;
    }
    // An object the mapping reads into but that is not an object here is reported by the mapping as a wrong type.
    if (holdsReadFields) return;
    if (unmapped.length < maxReported) unmapped.push(path);
    else notListed += 1;
  };
  visit(payload, '', 0);
  if (notListed > 0) unmapped.push(`…and ${notListed} more`);
  return unmapped;
}

function ancestorsOf(path: string): string[] {
  const segments = path.split('.');
  return segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('.'));
}
