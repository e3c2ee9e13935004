import { z } from 'zod';
import type { ApprovalExpiryAction } from '../../approvals/approval-policy';
import type { LoudwireEnvironment } from '../../config/environment';
import { durationMs } from '../../config/duration';

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Client onboarding's approval settings, read from APPROVAL_* (docs/approvals.md). */
export const clientOnboardingSettings = z.object({
  APPROVAL_AMOUNT_THRESHOLD_MINOR: z.coerce.number().int().min(0).default(5_000_000),
  APPROVAL_COUNTRIES: z
    .string()
    .default('')
    .transform((text) => commaList(text).map((code) => code.toUpperCase()))
    .pipe(z.array(z.string().regex(/^[A-Z]{2}$/, 'must list ISO 3166-1 alpha-2 codes, e.g. "IR,KP"'))),
  APPROVAL_WARNING_CODES: z
    .string()
    .default('')
    .transform((text): string[] | 'any' => (text.trim() === '*' ? 'any' : commaList(text))),
  APPROVAL_GROUP: z.string().min(1).default('sales-leads'),
  APPROVAL_TIMEOUT: durationMs.default(2 * 86_400_000),
  /** `none`: no escalation, the approval expires after APPROVAL_TIMEOUT. */
  APPROVAL_ESCALATION_GROUP: z
    .string()
    .min(1)
    .default('finance')
    .transform((group) => (group.trim().toLowerCase() === 'none' ? '' : group.trim())),
  APPROVAL_ESCALATION_TIMEOUT: durationMs.default(86_400_000),
  APPROVAL_ON_EXPIRY: z.enum(['park', 'reject']).default('park'),
});

/** The operator's approval settings for client onboarding. */
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

/** Client onboarding's approval settings from the parsed environment. */
export function approvalSettingsFrom(env: LoudwireEnvironment): ApprovalSettings {
  const settings = env.integrationSettings['client-onboarding'] as z.infer<typeof clientOnboardingSettings>;
  return {
    amountThresholdMinor: settings.APPROVAL_AMOUNT_THRESHOLD_MINOR,
    countries: settings.APPROVAL_COUNTRIES,
    warningCodes: settings.APPROVAL_WARNING_CODES,
    group: settings.APPROVAL_GROUP,
    timeoutMs: settings.APPROVAL_TIMEOUT,
    escalationGroup: settings.APPROVAL_ESCALATION_GROUP,
    escalationTimeoutMs: settings.APPROVAL_ESCALATION_TIMEOUT,
    onExpiry: settings.APPROVAL_ON_EXPIRY,
  };
}
