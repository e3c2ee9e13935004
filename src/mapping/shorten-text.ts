/** Marks a shortened value, so a person reading the target sees that it continues elsewhere. */
export const shortenedMarker = '…';

/**
 * A word boundary is preferred over a grapheme boundary only when it keeps at least this share of the limit;
 * otherwise one long word would shrink the value to almost nothing.
 */
const minimumShareKeptAtWordBoundary = 0.6;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Shortens text to at most `maxLength` UTF-16 code units (the strictest common way to count "characters",
 * and the one zod's `.max()` and most vendor validators use), ending with {@link shortenedMarker}.
 *
 * Cuts only between grapheme clusters, so no surrogate pair, emoji sequence or combining accent is broken,
 * and prefers the last word boundary (a space) when that keeps most of the text. Text already within the limit
 * is returned unchanged. When not even the first grapheme fits, the result is {@link shortenedMarker} alone, which
 * callers must treat as "cannot be shortened".
 */
export function shortenText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const budget = maxLength - shortenedMarker.length;
  if (budget <= 0) return shortenedMarker.slice(0, Math.max(0, maxLength));

  let kept = '';
  let lastSpaceAt = -1;
  // Only the first `budget` code units are ever inspected, so a multi-megabyte value costs no more than a short one.
  for (const { segment } of graphemes.segment(text.slice(0, budget + 16))) {
    if (kept.length + segment.length > budget) break;
    if (/^\s+$/u.test(segment)) lastSpaceAt = kept.length;
    kept += segment;
  }
  if (lastSpaceAt >= budget * minimumShareKeptAtWordBoundary) kept = kept.slice(0, lastSpaceAt);
  // A dangling comma, dash or colon before the marker reads as an error; closing brackets and quotes are kept.
  return kept.replace(/[\s,;:\-–—/&]+$/u, '') + shortenedMarker;
}
