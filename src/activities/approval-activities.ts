import { ApplicationFailure } from '@temporalio/common';
import { evaluateApprovalPolicies, type ApprovalRequirement } from '../approvals/approval-policy';
import type { LoudwireEnvironment } from '../config/environment';
import { getIntegration } from '../integrations/registry';
import type { MappingWarning } from '../mapping/outcome';
import { workflowUrl } from '../alerts/alert';

export interface ApprovalActivityDependencies {
  env: LoudwireEnvironment;
}

export interface EvaluateApprovalInput {
  integration: string;
  workflowId: string;
  canonical: Record<string, unknown>;
  warnings: MappingWarning[];
}

/** What the workflow needs to wait for a decision: the requirement plus the links its alerts carry. */
export type EvaluateApprovalResult =
  | { required: false }
  | {
      required: true;
      requirement: ApprovalRequirement;
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
      const requirement = evaluateApprovalPolicies(policies, {
        canonical: input.canonical,
        warnings: input.warnings,
      });
      if (!requirement) return { required: false };
      const base = env.PUBLIC_API_URL.replace(/\/+$/, '');
      return {
        required: true,
        requirement,
        approvalUrl: `${base}/ui/approvals/${encodeURIComponent(input.workflowId)}`,
        workflowUrl: workflowUrl(env.TEMPORAL_UI_URL, env.TEMPORAL_NAMESPACE, input.workflowId),
      };
    },
  };
}

export type ApprovalActivities = ReturnType<typeof createApprovalActivities>;
