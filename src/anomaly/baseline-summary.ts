import type { AnomalyDeclaration } from './anomaly-declaration';
import type { BaselineState } from './baseline-state';
import { median, medianAbsoluteDeviation } from './robust-statistics';

/** The whole baseline in numbers, for `loudwire baseline show` (no record's values beyond category codes). */
export interface BaselineSummary {
  observed: number;
  windowSize: number;
  windowRecords: number;
  coldStartRecords: number;
  holdThreshold: number;
  /** Per currency: deals in the window, median and MAD in minor units. */
  amounts: { currency: string; count: number; medianMinor: number; madMinor: number }[];
  /** Per category: its values in the window, most frequent first, and how many values were ever seen. */
  categories: { label: string; values: { value: string; count: number }[]; everSeen: number }[];
  /** Per text field: length median and MAD, and its scripts in the window. */
  texts: {
    label: string;
    medianLength: number;
    madLength: number;
    scripts: { script: string; count: number }[];
  }[];
  /** Per presence field: the share of window records that have it. */
  presence: { label: string; rate: number }[];
  /** Companies in the near-duplicate index. */
  companiesIndexed: number;
  /** Fields with a population drift alert raised and not settled yet. */
  driftAlerted: string[];
}

export function summarizeBaseline(state: BaselineState, declaration: AnomalyDeclaration): BaselineSummary {
  const { window } = state;
  const { fields } = declaration;
  const currencies = [...new Set(window.flatMap((entry) => (entry.a ? [entry.a[1]] : [])))].sort();
  return {
    observed: state.observed,
    windowSize: window.length,
    windowRecords: declaration.windowRecords,
    coldStartRecords: declaration.coldStartRecords,
    holdThreshold: declaration.holdThreshold,
    amounts: currencies.map((currency) => {
      const amounts = window.flatMap((entry) => (entry.a?.[1] === currency ? [entry.a[0]] : []));
      const center = median(amounts);
      return {
        currency,
        count: amounts.length,
        medianMinor: Math.round(center),
        madMinor: Math.round(medianAbsoluteDeviation(amounts, center)),
      };
    }),
    categories: fields.categories.map((category, index) => ({
      label: category.label,
      values: countsOf(window.flatMap((entry) => (entry.c[index] ? [entry.c[index]] : []))).map(
        ([value, count]) => ({ value, count }),
      ),
      everSeen: state.seen[category.label]?.length ?? 0,
    })),
    texts: fields.texts.map((text, index) => {
      const shapes = window.flatMap((entry) => (entry.t[index] ? [entry.t[index]] : []));
      const lengths = shapes.map(([length]) => length);
      const center = median(lengths);
      return {
        label: text.label,
        medianLength: lengths.length === 0 ? 0 : center,
        madLength: lengths.length === 0 ? 0 : medianAbsoluteDeviation(lengths, center),
        scripts: countsOf(shapes.map(([, script]) => script)).map(([script, count]) => ({ script, count })),
      };
    }),
    presence: fields.presence.map((field, bit) => ({
      label: field.label,
      rate:
        window.length === 0
          ? 0
          : window.filter((entry) => (entry.p & (1 << bit)) !== 0).length / window.length,
    })),
    companiesIndexed: state.companies.length,
    driftAlerted: [...state.driftAlerted],
  };
}

function countsOf(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
