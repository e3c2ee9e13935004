const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Longest Text search attribute value Loudwire writes, in characters (Temporal's default limit is 2 KB). */
export const searchableTextMaxLength = 500;

/**
 * Makes free text safe as a Text search attribute on every visibility store. Temporal's PostgreSQL visibility
 * casts Text values with a raw `::tsvector`, where `:` introduces a position, `'` quotes and `\` escapes: a value
 * such as `billing: no record` is refused, the visibility row is never updated, and the record vanishes from
 * every visibility query. So `: ` becomes ` — `, a colon inside a word becomes `꞉` (U+A789, which looks alike and
 * stays in the word for Elasticsearch's tokenizer), `'` becomes `’` and `\` becomes `/`; NUL is dropped and a lone
 * surrogate becomes U+FFFD (JSONB refuses both). The text is cut to `maxLength` characters, never inside a character. Pure and deterministic:
 * workflow code calls it.
 */
export function searchableText(text: string, maxLength = searchableTextMaxLength): string {
  const safe = text
    .replaceAll('\u0000', '')
    .replace(loneSurrogate, '\ufffd')
    .replace(/:(?=\s|$)/g, ' —')
    .replace(/:/g, '\ua789')
    .replace(/'/g, '\u2019')
    .replace(/\\/g, '/');
  return Array.from(safe).slice(0, maxLength).join('').trimEnd();
}
