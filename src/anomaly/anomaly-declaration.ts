/**
 * What an integration declares about its records' normal shape: which canonical fields the baseline learns,
 * how large its rolling window is, when a record's anomaly score holds it for approval, and when a shift of the
 * whole population is worth an alert. Plain data, so the worker, the CLI and the docs read the same declaration.
 */
export interface AnomalyDeclaration {
  /**
   * A record whose score reaches this is held for approval (through the integration's approval route); below
   * it, its reasons travel with the record as warnings. A score of 1 is one strong reason (e.g. a first client
   * from a new country) or a few weaker ones together.
   */
  holdThreshold: number;
  /** Until the baseline has learned this many records, nothing is held and no reasons are given. */
  coldStartRecords: number;
  /**
   * How long a record's scoring waits for a baseline that does not answer (past its cold start) before the record
   * is held for approval as "not scored" — never written unscored. @default 60_000
   */
  baselineWaitMs?: number;
  /** How many of the latest records the baseline remembers (its rolling window). */
  windowRecords: number;
  /** How many companies the near-duplicate index remembers (the oldest are forgotten first). */
  duplicateIndexSize: number;
  fields: AnomalyFields;
  drift: DriftDeclaration;
}

/** Canonical paths (dotted) of what the baseline learns. */
export interface AnomalyFields {
  /** A money value `{amountMinor, currency}`: its distribution is learned per currency (median and MAD). */
  amount: string;
  /** Categorical fields whose frequencies are learned, by the name reasons use. */
  categories: readonly CategoryField[];
  /**
   * Pairs of categories learned together ("currency of clients from CH"): a swapped currency is a usual
   * currency for an unusual country.
   */
  categoryPairs: readonly (readonly [string, string])[];
  /** Text fields whose shape (length, script) is learned, by the name reasons use. */
  texts: readonly NamedField[];
  /** Optional fields whose presence rate is learned ("contact phone is present in 97 % of records"). */
  presence: readonly NamedField[];
  /** The company name and domain of the near-duplicate index, and the words reasons use for the record. */
  company: { name: string; domain?: string; recordNoun: string };
}

export interface NamedField {
  /** How reasons and the CLI name the field, e.g. `contact phone`. */
  label: string;
  path: string;
}

export interface CategoryField extends NamedField {
  /** `emailDomain`: learn the domain of an email address (never the address itself). */
  transform?: 'emailDomain';
  /** How a reason names a first-seen value: `first client from {value}`. */
  firstSeen: string;
  /** What a first-seen value adds to the score. @default 1 (holds on its own at the usual threshold) */
  firstSeenWeight?: number;
}

/** When the population itself has shifted (one alert per field, never one per record). */
export interface DriftDeclaration {
  /** The latest records compared with the rest of the window. */
  recentRecords: number;
  /** A presence rate that moved by at least this much (0.3 = 30 points) raises the field's drift alert. */
  presenceShift: number;
  /** A category mix whose total variation distance reached this (0–1) raises the field's drift alert. */
  mixShift: number;
}
