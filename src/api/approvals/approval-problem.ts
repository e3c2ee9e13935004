import type { Response } from 'express';
import { ApprovalRefusal } from '../../approvals/approval-decision-rules';
import { closeIfBodyUnread } from '../problem-response';

/** Error codes of the approval endpoints, in the same `{"error": {"code", "message"}}` shape as the rest of the API. */
export const ApprovalProblemCode = {
  missingToken: 'missing_token',
  invalidToken: 'invalid_token',
  invalidDecision: 'invalid_decision',
  approvalNotFound: 'approval_not_found',
  notInGroup: 'not_in_group',
  selfApproval: 'self_approval',
  alreadyDecided: 'already_decided',
  expired: 'approval_expired',
  staleRequest: 'stale_request',
  approvalClosed: 'approval_closed',
  invalidFormToken: 'invalid_form_token',
} as const;
export type ApprovalProblemCode = (typeof ApprovalProblemCode)[keyof typeof ApprovalProblemCode];

/** A refused request: HTTP status, stable code and a sentence for the approver. */
export interface ApprovalProblem {
  status: number;
  code: ApprovalProblemCode;
  message: string;
}

/** How each validator refusal (the ApplicationFailure type) answers over HTTP. */
export const refusalProblem: Record<ApprovalRefusal, Omit<ApprovalProblem, 'message'>> = {
  [ApprovalRefusal.notInGroup]: { status: 403, code: ApprovalProblemCode.notInGroup },
  [ApprovalRefusal.selfApproval]: { status: 403, code: ApprovalProblemCode.selfApproval },
  [ApprovalRefusal.alreadyDecided]: { status: 409, code: ApprovalProblemCode.alreadyDecided },
  [ApprovalRefusal.expired]: { status: 409, code: ApprovalProblemCode.expired },
  [ApprovalRefusal.staleRequest]: { status: 409, code: ApprovalProblemCode.staleRequest },
  [ApprovalRefusal.invalidDecision]: { status: 400, code: ApprovalProblemCode.invalidDecision },
};

export function sendApprovalProblem(response: Response, problem: ApprovalProblem): void {
  closeIfBodyUnread(response);
  response.status(problem.status).json({ error: { code: problem.code, message: problem.message } });
}
