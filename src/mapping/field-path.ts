type Scalar = string | number | boolean | bigint | symbol | null | undefined;

/**
 * Every dotted path into `T`, objects included (`deal`, `deal.amount`, `deal.amount.currency`), so mapping
 * definitions name fields that exist: a typo in a source, canonical or target path is a compile error.
 * Arrays are leaves. `Depth` stops runaway recursion on recursive types.
 */
export type FieldPath<T, Depth extends unknown[] = []> = Depth['length'] extends 6
  ? never
  : T extends Scalar | readonly unknown[]
    ? never
    : {
        [K in keyof T & string]:
          | K
          | (NonNullable<T[K]> extends Scalar | readonly unknown[]
              ? never
              : `${K}.${FieldPath<NonNullable<T[K]>, [...Depth, unknown]>}`);
      }[keyof T & string];

/** A value found at a path, or why there is none. */
export type PathLookup =
  | { found: true; value: unknown }
  /** `blockedBy` names the nearest ancestor that exists but is not an object (e.g. `contact` is a string). */
  | { found: false; blockedBy?: string };

/**
 * Reads a dotted path from untrusted JSON. Only own properties of plain objects are followed, so
 * `__proto__`, `constructor` and array indexes never resolve; `null` and absent values are "not found".
 */
export function readPath(root: unknown, path: string): PathLookup {
  let current: unknown = root;
  const segments = path.split('.');
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i] as string;
    if (!isPlainObject(current)) {
      const parent = segments.slice(0, i).join('.');
      return current === undefined || current === null || i === 0
        ? { found: false }
        : { found: false, blockedBy: parent };
    }
    if (!Object.hasOwn(current, segment)) return { found: false };
    current = current[segment];
  }
  return current === undefined || current === null ? { found: false } : { found: true, value: current };
}

/** Writes a value at a dotted path, creating plain objects on the way. Used on records this code builds. */
export function writePath(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let current = root;
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment];
    if (isPlainObject(next)) {
      current = next;
    } else {
      const created: Record<string, unknown> = {};
      current[segment] = created;
      current = created;
    }
  }
  current[segments[segments.length - 1] as string] = value;
}

/** True for JSON objects (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
