import type { ApprovalDecisionInput, ApprovalRequestView } from '../workflows/approval-messages';

/**
 * Why a decision is refused. The values are the `type` of the ApplicationFailure the Update validator throws,
 * so the API maps them to HTTP statuses without parsing messages.
 */
export const ApprovalRefusal = {
  /** The approver is not in the group that may decide now. → 403 */
  notInGroup: 'ApprovalNotInGroup',
  /** The approver owns the deal. → 403 */
  selfApproval: 'ApprovalSelfApproval',
  /** Someone already decided. → 409 */
  alreadyDecided: 'ApprovalAlreadyDecided',
  /** The last timeout passed; the policy decided. → 409 */
  expired: 'ApprovalExpired',
  /** The decision is about an older request of this record. → 409 */
  staleRequest: 'ApprovalStaleRequest',
  /** The decision itself is malformed (unknown verdict, comment too long). → 400 */
  invalidDecision: 'ApprovalInvalidDecision',
} as const;
export type ApprovalRefusal = (typeof ApprovalRefusal)[keyof typeof ApprovalRefusal];

/** Longest comment kept in history. */
export const maxApprovalCommentLength = 2_000;

/**
 * The rule every decision passes, run by the workflow's Update validator (and nowhere else: the workflow is the
 * single authority). Pure and dependency-free, so it runs inside the workflow sandbox. Returns the refusal, or
 * undefined when the decision may be recorded.
 */
export function refuseDecision(
  request: ApprovalRequestView,
  input: ApprovalDecisionInput,
  nowMs: number,
): { type: ApprovalRefusal; message: string } | undefined {
  if (input.decision !== 'approve' && input.decision !== 'reject') {
    return { type: ApprovalRefusal.invalidDecision, message: 'decision must be "approve" or "reject"' };
  }
  if (typeof input.comment !== 'string' || input.comment.length > maxApprovalCommentLength) {
    return {
      type: ApprovalRefusal.invalidDecision,
      message: `comment must be text of at most ${maxApprovalCommentLength} characters`,
    };
  }
  if (input.requestId !== request.requestId || request.state === 'superseded') {
    return {
      type: ApprovalRefusal.staleRequest,
      message: 'This approval request was replaced by a newer one for the same record; reload it',
    };
  }
  if (request.state === 'expired' || (request.state === 'pending' && nowMs >= finalDeadlineMs(request))) {
    return { type: ApprovalRefusal.expired, message: 'The approval expired before a decision was made' };
  }
  if (request.state !== 'pending') {
    const by = request.decision?.approver?.email ?? 'the policy';
    return { type: ApprovalRefusal.alreadyDecided, message: `Already ${request.state} by ${by}` };
  }
  const approverEmail = input.approver.email.trim().toLowerCase();
  if (request.ownerEmail && approverEmail === request.ownerEmail.toLowerCase()) {
    return {
      type: ApprovalRefusal.selfApproval,
      message: 'The deal owner cannot decide on their own deal',
    };
  }
  if (!input.approver.groups.includes(request.activeGroup)) {
    return {
      type: ApprovalRefusal.notInGroup,
      message: `Only members of group "${request.activeGroup}" may decide now`,
    };
  }
  return undefined;
}

/** When the last stage times out: the request's active deadline plus every later stage's timeout. */
function finalDeadlineMs(request: ApprovalRequestView): number {
  const later = request.stages
    .slice(request.activeStage + 1)
    .reduce((sum, stage) => sum + stage.timeoutMs, 0);
  return Date.parse(request.deadline) + later;
}
