import type { LoudwireEnvironment } from '../config/environment';

/**
 * Approval policies: which records need a human decision before their guarded writes, who decides, how long they
 * have, and what happens when nobody does. Declared with each integration (see docs/approvals.md); plain data
 * with no dependencies, so the same declaration is evaluated by a local activity and rendered in documentation.
 */

/** What happens when the last stage's timeout passes without a decision. */
export const ApprovalExpiryAction = {
  /** The record is rejected: nothing is written, the status says `ApprovalExpired`. */
  reject: 'reject',
  /** The record is parked for an operator to redrive (or, before parking exists, held as `ApprovalExpired`). */
  park: 'park',
} as const;
export type ApprovalExpiryAction = (typeof ApprovalExpiryAction)[keyof typeof ApprovalExpiryAction];

/** One step of the approval route: the group that may decide, and for how long. */
export interface ApprovalStage {
  /** Approver group name, as listed in an approver's `groups` (APPROVER_TOKENS). */
  group: string;
  /** How long this group has to decide before the approval escalates or expires, in milliseconds. */
  timeoutMs: number;
}

/**
 * A condition on the mapped record, over canonical fields the integration names. A policy applies when any of
 * its conditions holds.
 */
export type ApprovalCondition =
  | {
      kind: 'moneyAtLeast';
      /** Canonical path of a money value `{amountMinor, currency}`, e.g. `deal.amount`. */
      field: string;
      /** How reasons name the value, e.g. `Deal amount`. */
      label: string;
      /** Threshold in minor units of the value's own currency (cents for USD); no value never matches. */
      amountMinor: number;
    }
  | {
      kind: 'valueIn';
      /** Canonical path of a text value, e.g. `organization.country`; compared case-insensitively. */
      field: string;
      /** Listed values; an empty list never matches. */
      values: readonly string[];
      /** The reason given when it matches; `{value}` is replaced by the (upper-cased) value. */
      reason: string;
    }
  | {
      kind: 'mappingWarningPresent';
      /** Warning codes that count (e.g. `shortened`), or `any`; an empty list never matches. */
      codes: readonly string[] | 'any';
    };

export interface ApprovalPolicy {
  /** Stable name, shown to approvers and in alerts. */
  name: string;
  /** One sentence on why the policy exists. */
  description: string;
  /** The policy applies when any of these holds. */
  requireWhen: readonly ApprovalCondition[];
  /** The group asked first. */
  approvers: ApprovalStage;
  /** Asked when `approvers` let their timeout pass; absent: the approval expires right then. */
  escalation?: ApprovalStage;
  /** What happens when the last stage times out. */
  onExpiry: ApprovalExpiryAction;
  /**
   * Canonical path of the email of the person the record belongs to (e.g. `deal.ownerEmail`), who may never
   * approve it. Absent: nobody is excluded.
   */
  ownerField?: string;
}

/**
 * An integration's policy declaration: its policies given the parsed environment (where its own settings are,
 * see `integrationSettings`), first match wins.
 */
export type ApprovalPolicyDeclaration = (env: LoudwireEnvironment) => readonly ApprovalPolicy[];

/** What the approval page and API show of a record, as the integration describes it. */
export interface ApprovalSummary {
  /** e.g. `Acme Robotics GmbH · Platform rollout`. */
  title: string;
  /** Labelled facts, in order, e.g. `Amount: 12,500.00 USD`. */
  facts: { label: string; value: string }[];
  /** Extra members of the approval listing in the API (JSON), e.g. `{organization, amount}`. */
  listing?: Record<string, unknown>;
}

/** The mapped record a policy looks at. */
export interface ApprovalSubject {
  canonical: Record<string, unknown>;
  warnings: readonly { field: string; code: string; reason: string }[];
}

/** A policy that applies to a record, with the reasons it applies: everything the workflow needs to wait. */
export interface ApprovalRequirement {
  policy: string;
  policyDescription: string;
  /** One sentence per condition that holds, e.g. "Deal amount 12,500.00 USD is at or above 10,000.00 USD". */
  reasons: string[];
  /** The approver route in order: the first group, then the escalation group if any. */
  stages: ApprovalStage[];
  onExpiry: ApprovalExpiryAction;
  /** The deal owner, who may never approve their own deal; null when the record names none. */
  ownerEmail: string | null;
}

/** The first policy whose conditions hold for the record, as a requirement; undefined when none applies. */
export function evaluateApprovalPolicies(
  policies: readonly ApprovalPolicy[],
  subject: ApprovalSubject,
): ApprovalRequirement | undefined {
  for (const policy of policies) {
    const reasons = policy.requireWhen.flatMap((condition) => {
      const reason = conditionReason(condition, subject);
      return reason ? [reason] : [];
    });
    if (reasons.length === 0) continue;
    return {
      policy: policy.name,
      policyDescription: policy.description,
      reasons,
      stages: policy.escalation ? [policy.approvers, policy.escalation] : [policy.approvers],
      onExpiry: policy.onExpiry,
      ownerEmail: policy.ownerField ? ownerEmailAt(subject.canonical, policy.ownerField) : null,
    };
  }
  return undefined;
}

/** Why the condition holds for the record, or undefined when it does not. */
function conditionReason(condition: ApprovalCondition, subject: ApprovalSubject): string | undefined {
  switch (condition.kind) {
    case 'moneyAtLeast': {
      const amount = moneyAt(subject.canonical, condition.field);
      if (!amount || amount.amountMinor < condition.amountMinor) return undefined;
      return (
        `${condition.label} ${formatMinor(amount.amountMinor, amount.currency)} is at or above the threshold ` +
        `${formatMinor(condition.amountMinor, amount.currency)}`
      );
    }
    case 'valueIn': {
      const value = stringAt(subject.canonical, condition.field)?.toUpperCase();
      if (!value || !condition.values.some((listed) => listed.toUpperCase() === value)) return undefined;
      return condition.reason.replaceAll('{value}', value);
    }
    case 'mappingWarningPresent': {
      const { codes } = condition;
      const matching = subject.warnings.filter((warning) => codes === 'any' || codes.includes(warning.code));
      if (matching.length === 0) return undefined;
      const fields = matching.map((warning) => `${warning.field} (${warning.code})`).join(', ');
      return `The mapping changed ${matching.length === 1 ? 'a value' : 'values'}: ${fields}`;
    }
  }
}

/** The value at a dotted canonical path, or undefined. */
export function valueAt(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function moneyAt(
  canonical: Record<string, unknown>,
  path: string,
): { amountMinor: number; currency: string } | undefined {
  const amount = valueAt(canonical, path) as { amountMinor?: unknown; currency?: unknown } | null | undefined;
  if (!amount || typeof amount.amountMinor !== 'number' || typeof amount.currency !== 'string')
    return undefined;
  return { amountMinor: amount.amountMinor, currency: amount.currency };
}

/** The owner's email at a canonical path, lower-case; null when the record names none. */
export function ownerEmailAt(canonical: Record<string, unknown>, path: string): string | null {
  return stringAt(canonical, path)?.trim().toLowerCase() || null;
}

function stringAt(record: Record<string, unknown>, path: string): string | undefined {
  const value = valueAt(record, path);
  return typeof value === 'string' ? value : undefined;
}

/** `1250000` USD → `12,500.00 USD`, using the currency's ISO 4217 minor-unit digits. */
export function formatMinor(amountMinor: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits!;
  } catch {
    // an unknown code keeps two digits; the canonical schema only lets ISO 4217 codes through anyway
  }
  const major = amountMinor / 10 ** digits;
  const text = new Intl.NumberFormat('en', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(major);
  return `${text} ${currency}`;
}
