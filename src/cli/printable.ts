/**
 * Makes text from untrusted input safe to print on a terminal: control characters (including ANSI escape
 * sequences' ESC) and invisible or bidirectional formatting characters are shown as `\uXXXX` escapes, so a
 * hostile record cannot rewrite or reorder the report around it.
 */
export function printable(text: string): string {
  return text.replace(
    /[\p{Cc}\p{Cf}\u2028\u2029]/gu,
    (char) => `\\u${char.codePointAt(0)?.toString(16).padStart(4, '0') ?? ''}`,
  );
}
