/**
 * Bounds for everything that enters Temporal — activity inputs and results, memos, search attributes, failures,
 * alerts — so no payload a source can send pushes one past Temporal's 2 MB limit (where the server terminates the
 * workflow and nothing is reported). Pure and deterministic: used in workflow code and in activities alike.
 */

/** Items listed before "… and N more". */
export const maxListedItems = 50;
/** Characters of one message (an incident, a failure, an alert text). */
export const maxMessageChars = 2_000;
/** Serialized size of a value carried for operators (an alert's payload or details). */
export const maxCarriedJsonChars = 16_384;
/** Longest string kept whole inside a bounded value. */
const maxStringChars = 1_000;

/** "… and 25,981 more", with a thousands separator that does not depend on the locale. */
export function andMore(omitted: number): string {
  return `… and ${String(omitted).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} more`;
}

/** The first `max` items and how many were left out. */
export function boundList<T>(items: readonly T[], max = maxListedItems): { items: T[]; omitted: number } {
  return { items: items.slice(0, max), omitted: Math.max(0, items.length - max) };
}

/** Joins the first `max` items and says how many more there were. */
export function joinBounded(items: readonly string[], separator: string, max = maxListedItems): string {
  const { items: listed, omitted } = boundList(items, max);
  return omitted > 0 ? `${listed.join(separator)}${separator}${andMore(omitted)}` : listed.join(separator);
}

/** Cuts a text to `max` characters (never inside a surrogate pair), saying how much was cut. */
export function boundText(text: string, max = maxMessageChars): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${andMore(text.length - end)} characters`;
}

/**
 * A value shrunk to about `maxChars` of JSON while keeping its shape: objects keep their first keys and gain a
 * `"…"` key saying how many were left out, arrays their first items plus a marker, long strings are cut. The
 * structure survives, so key-based redaction (secrets, personal fields) still applies to what remains.
 */
export function boundJson(value: unknown, maxChars = maxCarriedJsonChars): unknown {
  if (value === undefined) return undefined;
  const size = JSON.stringify(value)?.length ?? 0;
  if (size <= maxChars) return value;
  return shrink(value, { left: maxChars });
}

function shrink(value: unknown, budget: { left: number }): unknown {
  if (typeof value === 'string') {
    const kept = value.length > maxStringChars ? boundText(value, maxStringChars) : value;
    budget.left -= kept.length + 2;
    return kept;
  }
  if (value === null || typeof value !== 'object') {
    budget.left -= String(value).length;
    return value;
  }
  if (Array.isArray(value)) {
    const kept: unknown[] = [];
    for (const item of value) {
      if (budget.left <= 0) break;
      kept.push(shrink(item, budget));
    }
    if (kept.length < value.length) kept.push(`${andMore(value.length - kept.length)} items`);
    return kept;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const kept: Record<string, unknown> = {};
  let count = 0;
  for (const [key, item] of entries) {
    if (budget.left <= 0) break;
    budget.left -= key.length + 4;
    kept[key] = shrink(item, budget);
    count += 1;
  }
  if (count < entries.length) kept['…'] = `${andMore(entries.length - count)} fields`;
  return kept;
}
