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

/** A condition on the mapped record. A policy applies when any of its conditions holds. */
export type ApprovalCondition =
  | {
      kind: 'dealAmountAtLeast';
      /** Threshold in minor units of the deal's own currency (cents for USD); a deal without amount never matches. */
      amountMinor: number;
    }
  | {
      kind: 'organizationCountryIn';
      /** ISO 3166-1 alpha-2 codes; an empty list never matches. */
      countries: readonly string[];
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
}

/** Operator settings a policy declaration reads (from the environment, via `approvalSettingsFrom`). */
export interface ApprovalSettings {
  /** @default 5_000_000 (50,000.00 in a currency with two decimals) */
  amountThresholdMinor: number;
  /** @default [] (no country rule) */
  countries: readonly string[];
  /** @default [] (no warning rule) */
  warningCodes: readonly string[] | 'any';
  /** @default 'sales-leads' */
  group: string;
  /** @default 2 days */
  timeoutMs: number;
  /** Empty string: no escalation. @default 'finance' */
  escalationGroup: string;
  /** @default 1 day */
  escalationTimeoutMs: number;
  /** @default 'park' */
  onExpiry: ApprovalExpiryAction;
}

/** An integration's policy declaration: its policies given the operator's settings, first match wins. */
export type ApprovalPolicyDeclaration = (settings: ApprovalSettings) => readonly ApprovalPolicy[];

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
      ownerEmail: dealOwnerEmail(subject.canonical),
    };
  }
  return undefined;
}

/** Why the condition holds for the record, or undefined when it does not. */
function conditionReason(condition: ApprovalCondition, subject: ApprovalSubject): string | undefined {
  switch (condition.kind) {
    case 'dealAmountAtLeast': {
      const amount = dealAmount(subject.canonical);
      if (!amount || amount.amountMinor < condition.amountMinor) return undefined;
      return (
        `Deal amount ${formatMinor(amount.amountMinor, amount.currency)} is at or above the threshold ` +
        `${formatMinor(condition.amountMinor, amount.currency)}`
      );
    }
    case 'organizationCountryIn': {
      const country = stringAt(subject.canonical, 'organization', 'country')?.toUpperCase();
      if (!country || !condition.countries.some((listed) => listed.toUpperCase() === country))
        return undefined;
      return `New client in ${country}, a country that needs approval`;
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

function dealAmount(
  canonical: Record<string, unknown>,
): { amountMinor: number; currency: string } | undefined {
  const deal = canonical.deal as
    { amount?: { amountMinor?: unknown; currency?: unknown } | null } | undefined;
  const amount = deal?.amount;
  if (!amount || typeof amount.amountMinor !== 'number' || typeof amount.currency !== 'string')
    return undefined;
  return { amountMinor: amount.amountMinor, currency: amount.currency };
}

/** The deal owner's email, lower-case, from the canonical record. */
export function dealOwnerEmail(canonical: Record<string, unknown>): string | null {
  return stringAt(canonical, 'deal', 'ownerEmail')?.trim().toLowerCase() || null;
}

function stringAt(record: Record<string, unknown>, section: string, field: string): string | undefined {
  const value = (record[section] as Record<string, unknown> | null | undefined)?.[field];
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
