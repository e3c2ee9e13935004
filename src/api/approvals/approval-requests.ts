import { QueryNotRegisteredError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { type ApprovalRefusal, refuseDecision } from '../../approvals/approval-decision-rules';
import { syncStatusAttribute } from '../../temporal/search-attributes';
import {
  approvalDecisionUpdate,
  approvalRequestQuery,
  ApprovalSyncStatus,
  type ApprovalDecisionRecord,
  type ApprovalRequestView,
  type ApproverIdentity,
} from '../../workflows/approval-messages';
import { ApprovalProblemCode, refusalProblem, type ApprovalProblem } from './approval-problem';
import { approvalMemoVersion, ApprovalViewCache } from './approval-view-cache';
import { mayViewApproval } from './approval-visibility';

/** Most approvals one listing shows; older ones are still reachable by ID. */
const maxListed = 200;
/** Queries in flight at once while listing, so one listing cannot flood the Temporal frontend. */
const listingConcurrency = 8;
/** Views already read, per Temporal client (one per API process). */
const viewCaches = new WeakMap<Client, ApprovalViewCache>();

/**
 * The pending approvals this approver may see (their groups'), straight from Temporal: visibility finds the record
 * workflows whose status is `AwaitingApproval`, and each workflow's `approvalRequest` query supplies the details —
 * only for approvals new or changed since an earlier listing (ApprovalViewCache), at most `listingConcurrency` at
 * a time. Visibility can lag a moment behind, so an approval the query says is no longer pending is left out.
 */
export async function listPendingApprovals(
  temporal: Client,
  taskQueue: string,
  approver: ApproverIdentity,
): Promise<ApprovalRequestView[]> {
  const query =
    `${syncStatusAttribute.name} = "${ApprovalSyncStatus.awaitingApproval}" AND ` +
    `ExecutionStatus = "Running" AND TaskQueue = "${taskQueue.replace(/["\\]/g, '')}"`;
  const listed: { workflowId: string; version: string | undefined }[] = [];
  for await (const execution of temporal.workflow.list({ query, pageSize: maxListed })) {
    listed.push({ workflowId: execution.workflowId, version: approvalMemoVersion(execution.memo) });
    if (listed.length >= maxListed) break;
  }
  let cache = viewCaches.get(temporal);
  if (!cache) viewCaches.set(temporal, (cache = new ApprovalViewCache()));
  const views: (ApprovalRequestView | undefined)[] = [];
  let next = 0;
  const readers = Array.from({ length: Math.min(listingConcurrency, listed.length) }, async () => {
    while (next < listed.length) {
      const index = next++;
      const { workflowId, version } = listed[index]!;
      views[index] = await cache.read(workflowId, version, () => queryApproval(temporal, workflowId));
    }
  });
  await Promise.all(readers);
  return views
    .filter((view): view is ApprovalRequestView => view?.state === 'pending')
    .filter((view) => mayViewApproval(view, approver))
    .sort((a, b) => a.deadline.localeCompare(b.deadline));
}

async function queryApproval(temporal: Client, workflowId: string): Promise<ApprovalRequestView | undefined> {
  return temporal.workflow.getHandle(workflowId).query(approvalRequestQuery);
}

/**
 * The approval request of a record workflow, or not-found when the workflow does not exist, never asked, or
 * asks groups this approver is in none of (so a stranger cannot tell those apart).
 */
export async function findApproval(
  temporal: Client,
  workflowId: string,
  approver: ApproverIdentity,
): Promise<{ found: true; view: ApprovalRequestView } | { found: false; problem: ApprovalProblem }> {
  const notFound = {
    found: false as const,
    problem: {
      status: 404,
      code: ApprovalProblemCode.approvalNotFound,
      message: `No approval request for "${workflowId}"`,
    },
  };
  let view: ApprovalRequestView;
  try {
    view = await temporal.workflow.getHandle(workflowId).query(approvalRequestQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError || error instanceof QueryNotRegisteredError) return notFound;
    throw error;
  }
  return mayViewApproval(view, approver) ? { found: true, view } : notFound;
}

/** Whether this approver could decide now, and if not why: a hint for the page; the workflow decides. */
export function decisionHint(view: ApprovalRequestView, approver: ApproverIdentity, nowMs = Date.now()) {
  const refusal = refuseDecision(
    view,
    { requestId: view.requestId, decision: 'approve', comment: '', approver },
    nowMs,
  );
  return refusal ? { mayDecide: false as const, reason: refusal.message } : { mayDecide: true as const };
}

export interface DecisionRequest {
  decision: 'approve' | 'reject';
  comment: string;
  /** The request the approver saw; defaults to the current one. */
  requestId?: string;
}

/**
 * Sends the decision to the record workflow as the `approvalDecision` update and waits for its result. The
 * update's validator is the only judge of who may decide; its refusals come back as problems with a status.
 */
export async function decideApproval(
  temporal: Client,
  workflowId: string,
  approver: ApproverIdentity,
  request: DecisionRequest,
): Promise<
  { decided: true; decision: ApprovalDecisionRecord } | { decided: false; problem: ApprovalProblem }
> {
  const found = await findApproval(temporal, workflowId, approver);
  if (!found.found) return { decided: false, problem: found.problem };
  try {
    const decision = await temporal.workflow.getHandle(workflowId).executeUpdate(approvalDecisionUpdate, {
      args: [
        {
          requestId: request.requestId ?? found.view.requestId,
          decision: request.decision,
          comment: request.comment,
          approver,
        },
      ],
    });
    return { decided: true, decision };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const known = refusalProblem[error.cause.type as ApprovalRefusal];
      if (known) return { decided: false, problem: { ...known, message: error.cause.message } };
    }
    if (error instanceof WorkflowNotFoundError) {
      return {
        decided: false,
        problem: {
          status: 409,
          code: ApprovalProblemCode.approvalClosed,
          message: 'The record workflow has closed; the approval can no longer be decided',
        },
      };
    }
    throw error;
  }
}
