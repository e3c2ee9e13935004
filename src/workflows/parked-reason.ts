/**
 * The `LoudwireParkedReason` search attribute is stored in clear by Temporal's visibility store (the codec cannot
 * encrypt search attributes), so it keeps the incident's class, targets, fields and failure types but never a
 * value: quoted excerpts of offending values (`"ada@…"`, see describeValue) and anything shaped like an email
 * address or a phone number are replaced. The full reason stays in the encrypted state, alert and history.
 */
export function valueFreeParkedReason(alertClass: string, message: string): string {
  return `${alertClass}: ${maskValues(message)}`.slice(0, 500);
}

/** The message with every value masked (quoted excerpts, emails, phone-like numbers); classes and fields stay. */
export function maskValues(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"(?:… \(\d+ characters\))?/g, '"…"')
    .replace(/'(?:[^'\\]|\\.){1,200}'/g, "'…'")
    .replace(/[^\s"'<>(),;:]+@[^\s"'<>(),;:]+/g, '<email>')
    .replace(/\+?\d[\d ()./-]{6,}\d/g, '<number>');
}
