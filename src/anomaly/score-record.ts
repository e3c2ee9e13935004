import { formatMinor } from '../approvals/approval-policy';
import type { AnomalyDeclaration } from './anomaly-declaration';
import type { BaselineView } from './baseline-view';
import type { RecordFeatures } from './record-features';
import { robustZ } from './robust-statistics';

/** What made a record look unusual; stable codes that tests, sinks and operators can filter on. */
export const AnomalyKind = {
  amount: 'amount',
  firstSeenValue: 'first-seen-value',
  rareValue: 'rare-value',
  unusualPair: 'unusual-pair',
  textLength: 'text-length',
  textScript: 'text-script',
  missingField: 'missing-field',
  duplicate: 'duplicate',
} as const;
export type AnomalyKind = (typeof AnomalyKind)[keyof typeof AnomalyKind];

export interface AnomalyReason {
  kind: AnomalyKind;
  /** The field by its declared label, e.g. `country`. */
  field: string;
  /** How much it adds to the score. */
  weight: number;
  /** A sentence for the approver: "amount 1,250,000.00 CHF is 62× the median CHF deal (20,000.00 CHF)". */
  text: string;
}

/** A record's anomaly score against a baseline view, explained. */
export interface AnomalyAssessment {
  /** Sum of the reasons' weights, two decimals. */
  score: number;
  threshold: number;
  /** The score reached the threshold after the cold start: the record waits for a person. */
  held: boolean;
  /** The baseline has learned fewer records than the declared cold start: nothing is held, no reasons given. */
  coldStart: boolean;
  /** Strongest first. */
  reasons: AnomalyReason[];
}

/** Minimum evidence before a statistic speaks: fewer samples say nothing. */
const minimumSamples = { amount: 20, pair: 30, text: 30, presence: 50, rare: 200 };

/**
 * Scores a record's features against the baseline view it was given. Pure and deterministic: the same view
 * (recorded in the record's history) gives the same score and reasons on every replay.
 */
export function scoreRecord(
  features: RecordFeatures,
  view: BaselineView,
  declaration: AnomalyDeclaration,
): AnomalyAssessment {
  const coldStart = view.observed < declaration.coldStartRecords;
  const reasons = coldStart ? [] : explain(features, view, declaration);
  reasons.sort((a, b) => b.weight - a.weight || a.text.localeCompare(b.text));
  const score = Math.round(reasons.reduce((sum, reason) => sum + reason.weight, 0) * 100) / 100;
  return {
    score,
    threshold: declaration.holdThreshold,
    held: !coldStart && score >= declaration.holdThreshold,
    coldStart,
    reasons,
  };
}

function explain(
  features: RecordFeatures,
  view: BaselineView,
  declaration: AnomalyDeclaration,
): AnomalyReason[] {
  const reasons: AnomalyReason[] = [];
  const add = (kind: AnomalyKind, field: string, weight: number, text: string) =>
    reasons.push({ kind, field, weight: Math.round(weight * 100) / 100, text });

  const amount = features.amount;
  const stats = view.amount;
  if (amount && stats && stats.count >= minimumSamples.amount && amount.minor > 0) {
    // Deal sizes spread multiplicatively: distances are measured on the log scale.
    const z = robustZ(Math.log(amount.minor), stats.medianLog, stats.madLog, 0.1);
    if (z >= 3) {
      const ratio = amount.minor / stats.medianMinor;
      // A deal far above the usual is the costly mistake; one far below weighs less (a small add-on is common).
      const weight = ratio >= 1 ? z / 3.5 : z / 5;
      const factor = ratio >= 1 ? `${times(ratio)}× the` : `1/${times(1 / ratio)} of the`;
      add(
        AnomalyKind.amount,
        'amount',
        weight,
        `amount ${formatMinor(amount.minor, amount.currency)} is ${factor} median ${amount.currency} ` +
          `${declaration.fields.company.recordNoun} (${formatMinor(stats.medianMinor, amount.currency)})`,
      );
    }
  }

  for (const category of declaration.fields.categories) {
    const seen = view.categories[category.label];
    if (!seen) continue;
    if (!seen.everSeen) {
      add(
        AnomalyKind.firstSeenValue,
        category.label,
        category.firstSeenWeight ?? 1,
        category.firstSeen.replaceAll('{value}', seen.value),
      );
    } else if (seen.total >= minimumSamples.rare && seen.count / seen.total < 0.005) {
      add(
        AnomalyKind.rareValue,
        category.label,
        0.3,
        `${category.label} ${seen.value} is rare: ${seen.count} of the last ${count(seen.total)} records`,
      );
    }
  }

  for (const [key, pair] of Object.entries(view.pairs)) {
    const [firstLabel, secondLabel] = key.split('→') as [string, string];
    if (pair.firstCount < minimumSamples.pair || pair.pairCount / pair.firstCount >= 0.02) continue;
    add(
      AnomalyKind.unusualPair,
      secondLabel,
      pair.pairCount === 0 ? 0.8 : 0.4,
      `${secondLabel} ${pair.second} with ${firstLabel} ${pair.first}: ` +
        `${pair.pairCount === 0 ? 'none' : pair.pairCount} of the last ${count(pair.firstCount)} ${firstLabel} ${pair.first} records`,
    );
  }

  for (const text of declaration.fields.texts) {
    const shape = features.texts[text.label];
    const stats = view.texts[text.label];
    if (!shape || !stats || stats.count < minimumSamples.text) continue;
    const z = robustZ(shape.length, stats.medianLength, stats.madLength, 2);
    if (z >= 4) {
      add(
        AnomalyKind.textLength,
        text.label,
        z / 8,
        `${text.label} is ${count(shape.length)} characters long; usually about ${Math.round(stats.medianLength)}`,
      );
    }
    if (shape.script !== 'none' && stats.scriptCount / stats.count < 0.01) {
      add(
        AnomalyKind.textScript,
        text.label,
        stats.scriptCount === 0 ? 1 : 0.4,
        `${text.label} is in ${shape.script} script, used by ${stats.scriptCount} of the last ${count(stats.count)} records`,
      );
    }
  }

  for (const [label, presence] of Object.entries(view.missing)) {
    if (presence.total < minimumSamples.presence || presence.presentCount / presence.total < 0.98) continue;
    add(
      AnomalyKind.missingField,
      label,
      0.3,
      `${label} is missing (present in ${percent(presence.presentCount / presence.total)} of the last ` +
        `${count(presence.total)} records)`,
    );
  }

  const duplicate = view.duplicates[0];
  if (duplicate) {
    const company = features.company.display ?? features.company.domain ?? 'this company';
    const others = view.duplicates.length > 1 ? ` (and ${view.duplicates.length - 1} more)` : '';
    add(
      AnomalyKind.duplicate,
      duplicate.by === 'name' ? 'company name' : 'company domain',
      1,
      duplicate.by === 'name'
        ? `${company} is already the client of ${duplicate.key}${others}`
        : `${company} has the domain ${features.company.domain}, already the client of ${duplicate.key}${others}`,
    );
  }
  return reasons;
}

/** `38`, `4.2`: whole numbers from 10 on. */
function times(ratio: number): string {
  return ratio >= 10 ? count(Math.round(ratio)) : ratio.toFixed(1);
}

function count(value: number): string {
  return value.toLocaleString('en');
}

function percent(share: number): string {
  return `${(Math.floor(share * 1000) / 10).toString()} %`;
}
