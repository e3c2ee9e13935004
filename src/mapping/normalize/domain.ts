import { describeValue } from './describe-value';
import { normalized, notNormalized, type NormalizationNote, type Normalized } from './normalized';
import { readText } from './text';

const hostnamePattern =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/**
 * Normalizes a web domain to its lower-case ASCII hostname (`Acme.COM` → `acme.com`, `bücher.de` →
 * `xn--bcher-kva.de`). A URL (`https://www.acme.com/about`) is reduced to its hostname, with a note, because the
 * field holds a domain; `www.` is kept since it can be a different host. IP addresses and single labels fail.
 */
export function normalizeDomain(raw: unknown): Normalized<string> {
  const text = readText(raw);
  if (!text.ok) return text;
  const notes: NormalizationNote[] = [...text.notes];
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text.value);
  let hostname: string;
  try {
    hostname = new URL(hasScheme ? text.value : `http://${text.value}`).hostname.replace(/\.$/, '');
  } catch {
    return notNormalized('invalid_domain', `${describeValue(text.value)} is not a domain name`);
  }
  if (!hostnamePattern.test(hostname)) {
    return notNormalized('invalid_domain', `${describeValue(text.value)} is not a domain name`);
  }
  if (hasScheme || /[/?#@:]/.test(text.value)) {
    notes.push({ code: 'url_reduced_to_domain', reason: `reduced the URL to its domain ${hostname}` });
  }
  return normalized(hostname, notes);
}
