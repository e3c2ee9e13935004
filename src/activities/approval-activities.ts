import { ApplicationFailure } from '@temporalio/common';
import { evaluateApprovalPolicies, valueAt, type ApprovalRequirement } from '../approvals/approval-policy';
import { canonicalChanges, guardedFields, type CanonicalChange } from '../approvals/canonical-changes';
import type { LoudwireEnvironment } from '../config/environment';
import { getIntegration } from '../integrations/registry';
import type { MappingWarning } from '../mapping/outcome';
import { workflowUrl } from '../alerts/alert';
import type { AnomalyHold } from '../anomaly/anomaly-hold';
import { withAnomalyHold } from '../approvals/anomaly-requirement';

export interface ApprovalActivityDependencies {
  env: LoudwireEnvironment;
}

export interface EvaluateApprovalInput {
  integration: string;
  workflowId: string;
  canonical: Record<string, unknown>;
  warnings: MappingWarning[];
  /**
   * The version already written (and approved where a policy said so): a new version asks only when a field a
   * policy guards changed since. Absent for a record's first write.
   */
  guardedAgainst?: Record<string, unknown>;
  /** The version approvers last saw or that was last written: the request shows what changed since. */
  changedFrom?: Record<string, unknown>;
  /** The record scored above its integration's anomaly threshold: it is held, its reasons shown (issue 18). */
  anomaly?: AnomalyHold;
}

/** What the workflow needs to wait for a decision: the requirement plus the links its alerts carry. */
export type EvaluateApprovalResult =
  | { required: false }
  | {
      required: true;
      requirement: ApprovalRequirement;
      /** What changed since the version approvers saw or that was written last (with `changedFrom`). */
      changes?: CanonicalChange[];
      /** The approval page of this record. */
      approvalUrl: string;
      /** The workflow in the Temporal Web UI. */
      workflowUrl: string;
    };

/** Activities of the approval gate; spread into the worker's activities next to `createActivities`. */
export function createApprovalActivities({ env }: ApprovalActivityDependencies) {
  return {
    /**
     * Local activity: evaluates the integration's approval policies against the mapped record, with the
     * operator's thresholds from the environment (the integration's own settings). Runs here, not in the workflow, because workflow code cannot
     * read the environment; the result is recorded in history, so a replay decides the same way.
     */
    async evaluateApprovalPolicy(input: EvaluateApprovalInput): Promise<EvaluateApprovalResult> {
      const integration = getIntegration(input.integration);
      if (!integration) {
        throw ApplicationFailure.nonRetryable(
          `Unknown integration "${input.integration}"`,
          'UnknownIntegration',
        );
      }
      const policies = integration.approval?.policies(env) ?? [];
      const requirement = withAnomalyHold(
        evaluateApprovalPolicies(policies, { canonical: input.canonical, warnings: input.warnings }),
        policies,
        input.canonical,
        input.anomaly,
      );
      if (!requirement) return { required: false };
      if (input.guardedAgainst && !input.anomaly) {
        const before = input.guardedAgainst;
        const guarded = guardedFields(policies);
        const unchanged = guarded.every(
          (field) =>
            JSON.stringify(valueAt(before, field) ?? null) ===
            JSON.stringify(valueAt(input.canonical, field) ?? null),
        );
        // Decided before, and nothing a policy looks at changed: the earlier decision still holds.
        if (unchanged) return { required: false };
      }
      const base = env.PUBLIC_API_URL.replace(/\/+$/, '');
      return {
        required: true,
        requirement,
        approvalUrl: `${base}/ui/approvals/${encodeURIComponent(input.workflowId)}`,
        workflowUrl: workflowUrl(env.TEMPORAL_UI_URL, env.TEMPORAL_NAMESPACE, input.workflowId),
        ...(input.changedFrom
          ? {
              changes: canonicalChanges(input.changedFrom, input.canonical).filter(
                (change) => !integration.approval?.unshownChanges?.includes(change.field),
              ),
            }
          : {}),
      };
    },
  };
}

export type ApprovalActivities = ReturnType<typeof createApprovalActivities>;
