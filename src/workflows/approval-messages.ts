import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ApprovalExpiryAction, ApprovalStage } from '../approvals/approval-policy';
import type { CanonicalChange } from '../approvals/canonical-changes';
import type { MappingWarning } from '../mapping/outcome';
import { SyncStatus } from './record-sync-messages';

/** Statuses the approval gate sets on a record: the approval subset of the record's `SyncStatus`. */
export const ApprovalSyncStatus = {
  awaitingApproval: SyncStatus.awaitingApproval,
  approvalRejected: SyncStatus.approvalRejected,
  approvalExpired: SyncStatus.approvalExpired,
} as const;
export type ApprovalSyncStatus = (typeof ApprovalSyncStatus)[keyof typeof ApprovalSyncStatus];

/** Where an approval stands. */
export const ApprovalState = {
  pending: 'pending',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired',
  /** A newer version of the record replaced the request before anyone decided. */
  superseded: 'superseded',
} as const;
export type ApprovalState = (typeof ApprovalState)[keyof typeof ApprovalState];

/** Who decides: the identity the API resolved from the approver's bearer token. */
export interface ApproverIdentity {
  email: string;
  name?: string;
  groups: string[];
}

/** The decision an approver sends (the Update's argument). */
export interface ApprovalDecisionInput {
  /** The request the approver looked at; a decision about an older request of the same record is refused. */
  requestId: string;
  decision: 'approve' | 'reject';
  comment: string;
  approver: ApproverIdentity;
}

/** A decision as recorded in the workflow (the Update's result, kept in history and in the query). */
export interface ApprovalDecisionRecord {
  decision: 'approve' | 'reject';
  comment: string;
  /** Null when the policy decided because the last timeout passed. */
  approver: { email: string; name?: string } | null;
  /** The group the approver decided for (the active one at that moment). */
  group: string | null;
  /** ISO 8601 UTC, workflow time. */
  decidedAt: string;
}

/** One approval request of a record workflow, as the API and page show it. */
export interface ApprovalRequestView {
  requestId: string;
  workflowId: string;
  integration: string;
  recordKey: string;
  state: ApprovalState;
  policy: string;
  policyDescription: string;
  reasons: string[];
  /** The mapped canonical record the decision is about. */
  canonical: Record<string, unknown>;
  warnings: MappingWarning[];
  ownerEmail: string | null;
  stages: ApprovalStage[];
  /** Index into `stages` of the group that may decide now. */
  activeStage: number;
  activeGroup: string;
  /** ISO 8601 UTC. */
  requestedAt: string;
  /** When the active stage times out, ISO 8601 UTC. */
  deadline: string;
  onExpiry: ApprovalExpiryAction;
  decision?: ApprovalDecisionRecord;
  /** What changed since the version approvers saw last, or since the version already written. */
  changes?: CanonicalChange[];
  /** The approval page of this request. */
  approvalUrl: string;
}

/** The latest approval request of a record workflow; registered once the workflow first asks for approval. */
export const approvalRequestQuery = defineQuery<ApprovalRequestView>('approvalRequest');

/**
 * An approver's decision. The validator refuses (before anything enters history) a decision from outside the
 * active group, by the deal's owner, about an older request, or after a decision or expiry.
 */
export const approvalDecisionUpdate = defineUpdate<ApprovalDecisionRecord, [ApprovalDecisionInput]>(
  'approvalDecision',
);
