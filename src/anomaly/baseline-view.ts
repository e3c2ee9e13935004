import type { AnomalyDeclaration } from './anomaly-declaration';
import type { BaselineState, WindowEntry } from './baseline-state';
import type { RecordFeatures } from './record-features';
import { median, medianAbsoluteDeviation } from './robust-statistics';

/**
 * The part of the baseline one record is scored against: small (a few hundred bytes), so it can be recorded in
 * the record's history, where it makes the score replay exactly.
 */
export interface BaselineView {
  /** Records learned so far; below the declared cold start nothing is held. */
  observed: number;
  /** Records in the rolling window. */
  windowSize: number;
  /** The distribution of amounts in the record's currency (natural log of minor units). */
  amount?: AmountStats;
  /** Per category label: how often the record's value occurs in the window, and whether it was ever seen. */
  categories: Record<string, { value: string; count: number; total: number; everSeen: boolean }>;
  /** Per declared pair `first→second`: how many window records with the record's first value had its second. */
  pairs: Record<string, { first: string; second: string; firstCount: number; pairCount: number }>;
  /** Per text label: the window's length distribution and how many texts used the record's script. */
  texts: Record<string, { count: number; medianLength: number; madLength: number; scriptCount: number }>;
  /** Per presence label the record lacks: how many window records had it. */
  missing: Record<string, { presentCount: number; total: number }>;
  /** Other records of the same company (normalized name, or domain). */
  duplicates: { by: 'name' | 'domain'; key: string }[];
}

export interface AmountStats {
  currency: string;
  count: number;
  medianLog: number;
  madLog: number;
  medianMinor: number;
}

/** The baseline as it concerns one record (what the baseline workflow's query answers). */
export function baselineViewFor(
  state: BaselineState,
  features: RecordFeatures,
  declaration: AnomalyDeclaration,
): BaselineView {
  const { fields } = declaration;
  const window = state.window.filter((entry) => entry.k !== features.key);
  const view: BaselineView = {
    observed: state.observed,
    windowSize: window.length,
    categories: {},
    pairs: {},
    texts: {},
    missing: {},
    duplicates: [],
  };
  if (features.amount) view.amount = amountStats(window, features.amount.currency);

  fields.categories.forEach((category, index) => {
    const value = features.categories[category.label];
    if (value === null || value === undefined) return;
    const withValue = window.filter((entry) => entry.c[index] !== null);
    view.categories[category.label] = {
      value,
      count: withValue.filter((entry) => entry.c[index] === value).length,
      total: withValue.length,
      everSeen: state.seen[category.label]?.includes(value) ?? false,
    };
  });

  for (const [firstLabel, secondLabel] of fields.categoryPairs) {
    const first = features.categories[firstLabel];
    const second = features.categories[secondLabel];
    const firstIndex = fields.categories.findIndex((category) => category.label === firstLabel);
    const secondIndex = fields.categories.findIndex((category) => category.label === secondLabel);
    if (!first || !second || firstIndex < 0 || secondIndex < 0) continue;
    const withFirst = window.filter((entry) => entry.c[firstIndex] === first);
    view.pairs[`${firstLabel}→${secondLabel}`] = {
      first,
      second,
      firstCount: withFirst.length,
      pairCount: withFirst.filter((entry) => entry.c[secondIndex] === second).length,
    };
  }

  fields.texts.forEach((text, index) => {
    const shape = features.texts[text.label];
    if (!shape) return;
    const shapes = window.flatMap((entry) => (entry.t[index] ? [entry.t[index]] : []));
    const lengths = shapes.map(([length]) => length);
    const center = median(lengths);
    view.texts[text.label] = {
      count: shapes.length,
      medianLength: lengths.length === 0 ? 0 : center,
      madLength: lengths.length === 0 ? 0 : medianAbsoluteDeviation(lengths, center),
      scriptCount: shapes.filter(([, script]) => script === shape.script).length,
    };
  });

  fields.presence.forEach((field, bit) => {
    if (features.present.includes(field.label)) return;
    view.missing[field.label] = {
      presentCount: window.filter((entry) => (entry.p & (1 << bit)) !== 0).length,
      total: window.length,
    };
  });

  const { name, domain } = features.company;
  for (const [knownName, knownDomain, key] of state.companies) {
    if (key === features.key) continue;
    if (name && knownName === name) view.duplicates.push({ by: 'name', key });
    else if (domain && knownDomain === domain) view.duplicates.push({ by: 'domain', key });
    if (view.duplicates.length >= 3) break;
  }
  return view;
}

function amountStats(window: WindowEntry[], currency: string): AmountStats {
  const amounts = window.flatMap((entry) =>
    entry.a && entry.a[1] === currency && entry.a[0] > 0 ? [entry.a[0]] : [],
  );
  const logs = amounts.map(Math.log);
  const medianLog = median(logs);
  return {
    currency,
    count: amounts.length,
    medianLog: amounts.length === 0 ? 0 : medianLog,
    madLog: amounts.length === 0 ? 0 : medianAbsoluteDeviation(logs, medianLog),
    medianMinor: amounts.length === 0 ? 0 : Math.round(median(amounts)),
  };
}
