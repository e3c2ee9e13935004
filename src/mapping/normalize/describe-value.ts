/** Longest excerpt of an offending value quoted in a reason; reasons must stay readable for huge inputs. */
const maxQuotedLength = 40;

/**
 * Describes a raw value for a human-readable reason: strings are quoted (JSON-escaped, so control and
 * invisible characters show) and cut to a short excerpt; other values are named by their type.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const chars = Array.from(value.slice(0, maxQuotedLength * 2)).slice(0, maxQuotedLength);
    const excerpt = chars.join('');
    const quoted = JSON.stringify(excerpt).replace(
      /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    return excerpt.length < value.length ? `${quoted}… (${value.length} characters)` : quoted;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return `a value of type ${describeType(value)}`;
}

/** JSON-ish type name of a value: `null`, `array`, `object`, `string`, `number`, `boolean`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
