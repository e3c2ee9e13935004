import type { LoudwireEnvironment } from '../config/environment';
import type { ApprovalSettings } from './approval-policy';

/** The operator's approval settings from the environment (APPROVAL_* variables, see docs/approvals.md). */
export function approvalSettingsFrom(env: LoudwireEnvironment): ApprovalSettings {
  return {
    amountThresholdMinor: env.APPROVAL_AMOUNT_THRESHOLD_MINOR,
    countries: env.APPROVAL_COUNTRIES,
    warningCodes: env.APPROVAL_WARNING_CODES,
    group: env.APPROVAL_GROUP,
    timeoutMs: env.APPROVAL_TIMEOUT,
    escalationGroup: env.APPROVAL_ESCALATION_GROUP,
    escalationTimeoutMs: env.APPROVAL_ESCALATION_TIMEOUT,
    onExpiry: env.APPROVAL_ON_EXPIRY,
  };
}
