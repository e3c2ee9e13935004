import type { AnomalyDeclaration } from './anomaly-declaration';
import { dominantScript, normalizedCompanyName, normalizedDomain } from './text-shape';

/**
 * What the baseline learns of one record, and all the scoring looks at: compact (no personal values — an
 * owner's email is reduced to its domain), JSON-safe, and the same whether computed in the worker or the CLI.
 */
export interface RecordFeatures {
  /** The record key (its source ID): the near-duplicate index tells a second ID from the same record. */
  key: string;
  /** The amount in minor units and its currency, when the record has one. */
  amount?: { minor: number; currency: string };
  /** Category values by label (`country` → `CH`); null when absent. */
  categories: Record<string, string | null>;
  /** Text shape by label: length in characters and dominant script; absent texts are left out. */
  texts: Record<string, { length: number; script: string }>;
  /** Labels of the presence fields the record has a value for. */
  present: string[];
  /** The company as the near-duplicate index compares it. */
  company: { name?: string; domain?: string; display?: string };
}

/** Reads a record's features from its canonical form, as the integration declares them. */
export function recordFeatures(
  declaration: AnomalyDeclaration,
  key: string,
  canonical: Record<string, unknown>,
): RecordFeatures {
  const { fields } = declaration;
  const amount = valueAt(canonical, fields.amount) as { amountMinor?: unknown; currency?: unknown } | null;
  const categories: Record<string, string | null> = {};
  for (const category of fields.categories) {
    const value = textAt(canonical, category.path);
    categories[category.label] =
      value === undefined ? null : category.transform === 'emailDomain' ? emailDomain(value) : value.trim();
  }
  const texts: RecordFeatures['texts'] = {};
  for (const text of fields.texts) {
    const value = textAt(canonical, text.path);
    if (value !== undefined) texts[text.label] = { length: [...value].length, script: dominantScript(value) };
  }
  const companyName = textAt(canonical, fields.company.name);
  const companyDomain = fields.company.domain ? textAt(canonical, fields.company.domain) : undefined;
  const name = companyName === undefined ? undefined : normalizedCompanyName(companyName);
  const domain = companyDomain === undefined ? undefined : normalizedDomain(companyDomain);
  return {
    key,
    ...(amount && typeof amount.amountMinor === 'number' && typeof amount.currency === 'string'
      ? { amount: { minor: amount.amountMinor, currency: amount.currency } }
      : {}),
    categories,
    texts,
    present: fields.presence.filter((field) => isPresent(valueAt(canonical, field.path))).map((f) => f.label),
    company: {
      ...(name ? { name } : {}),
      ...(domain ? { domain } : {}),
      ...(companyName ? { display: companyName } : {}),
    },
  };
}

function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  return at < 0
    ? null
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase() || null;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

function textAt(record: Record<string, unknown>, path: string): string | undefined {
  const value = valueAt(record, path);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function valueAt(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
