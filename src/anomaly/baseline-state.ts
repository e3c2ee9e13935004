import type { AnomalyDeclaration } from './anomaly-declaration';
import type { RecordFeatures } from './record-features';

/**
 * The learned baseline of one integration: bounded whatever the traffic. It keeps the latest
 * `windowRecords` records in a compact form (the rolling window every statistic is computed from), the values
 * ever seen per category (capped) and the near-duplicate index (capped), never the records themselves.
 * JSON-safe: it is the baseline workflow's state, carried across continue-as-new.
 */
export interface BaselineState {
  /** Records learned since the baseline started (a re-observed record counts once). */
  observed: number;
  /** The rolling window, oldest first. */
  window: WindowEntry[];
  /** Category label → values ever seen (capped at `maxSeenValues`, oldest forgotten first). */
  seen: Record<string, string[]>;
  /** The near-duplicate index, oldest first: [normalized name, domain, record key]. */
  companies: [string | null, string | null, string][];
  /** Fields whose drift alert was raised and has not cleared yet. */
  driftAlerted: string[];
}

/**
 * One record in the window. Short member names on purpose: the window is the bulk of the state every
 * continue-as-new carries.
 */
export interface WindowEntry {
  /** record key */
  k: string;
  /** amount in minor units and currency */
  a?: [number, string];
  /** category values, in the declaration's order */
  c: (string | null)[];
  /** text [length, script] in the declaration's order; null when absent */
  t: ([number, string] | null)[];
  /** bit i set: the i-th presence field has a value */
  p: number;
}

/** Values remembered per category as "seen before": far more than real categories have, bounded for hostile input. */
export const maxSeenValues = 2_000;

export function emptyBaseline(): BaselineState {
  return { observed: 0, window: [], seen: {}, companies: [], driftAlerted: [] };
}

/**
 * Learns one record. A record observed again (a later version, a retried activity) replaces its earlier entry,
 * so it never counts twice.
 */
export function observeRecord(
  state: BaselineState,
  features: RecordFeatures,
  declaration: AnomalyDeclaration,
): void {
  const entry = windowEntry(features, declaration);
  const existing = state.window.findIndex((known) => known.k === features.key);
  if (existing >= 0) state.window.splice(existing, 1);
  else state.observed += 1;
  state.window.push(entry);
  while (state.window.length > declaration.windowRecords) state.window.shift();

  for (const [label, value] of Object.entries(features.categories)) {
    if (value === null) continue;
    const seen = (state.seen[label] ??= []);
    if (seen.includes(value)) continue;
    seen.push(value);
    if (seen.length > maxSeenValues) seen.shift();
  }

  const { name, domain } = features.company;
  if (name || domain) {
    const index = state.companies.findIndex(([, , key]) => key === features.key);
    if (index >= 0) state.companies.splice(index, 1);
    state.companies.push([name ?? null, domain ?? null, features.key]);
    while (state.companies.length > declaration.duplicateIndexSize) state.companies.shift();
  }
}

function windowEntry(features: RecordFeatures, declaration: AnomalyDeclaration): WindowEntry {
  const { fields } = declaration;
  let presence = 0;
  fields.presence.forEach((field, bit) => {
    if (features.present.includes(field.label)) presence |= 1 << bit;
  });
  return {
    k: features.key,
    ...(features.amount ? { a: [features.amount.minor, features.amount.currency] as [number, string] } : {}),
    c: fields.categories.map((category) => features.categories[category.label] ?? null),
    t: fields.texts.map((text) => {
      const shape = features.texts[text.label];
      return shape ? ([shape.length, shape.script] as [number, string]) : null;
    }),
    p: presence,
  };
}
