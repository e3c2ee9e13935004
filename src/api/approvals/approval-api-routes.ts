import express, { type ErrorRequestHandler, type Response, Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { maxApprovalCommentLength } from '../../approvals/approval-decision-rules';
import type { ApproverDirectory } from '../../approvals/approver-directory';
import type { Logger } from '../../logging/logger';
import type { ApprovalRequestView, ApproverIdentity } from '../../workflows/approval-messages';
import { ApprovalProblemCode, sendApprovalProblem } from './approval-problem';
import { decideApproval, decisionHint, findApproval, listPendingApprovals } from './approval-requests';
import { approverFromBearer } from './approver-auth';
import { summarizeForApproval } from './summarize-for-approval';

export interface ApprovalRouteOptions {
  temporal: Client;
  taskQueue: string;
  approvers: ApproverDirectory;
  logger: Logger;
}

/** `POST /approvals/:id/decision` body. */
export const decisionBodySchema = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().max(maxApprovalCommentLength).default(''),
  requestId: z.string().min(1).optional(),
});

/**
 * The approvals JSON API, for approvers' tools: `GET /approvals`, `GET /approvals/:id`,
 * `POST /approvals/:id/decision`. Every route needs `Authorization: Bearer <approver token>`; the `:id` is the
 * record workflow's ID.
 */
export function createApprovalApiRouter(options: ApprovalRouteOptions): Router {
  const router = Router();
  // Authentication comes first on every route, so an anonymous caller learns nothing (not even about bodies).
  const requireApprover: express.RequestHandler = (request, response, next) => {
    const result = approverFromBearer(request, options.approvers);
    if ('problem' in result) {
      response.set('www-authenticate', 'Bearer realm="loudwire-approvals"');
      sendApprovalProblem(response, result.problem);
      return;
    }
    response.locals.approver = result.approver;
    next();
  };
  const approverOf = (response: Response) => response.locals.approver as ApproverIdentity;

  router.get('/approvals', requireApprover, async (_request, response) => {
    const approver = approverOf(response);
    const views = await listPendingApprovals(options.temporal, options.taskQueue);
    response.set('cache-control', 'no-store');
    response.json({ approvals: views.map((view) => approvalSummary(view, approver)) });
  });

  router.get('/approvals/:id', requireApprover, async (request, response) => {
    const approver = approverOf(response);
    const found = await findApproval(options.temporal, (request.params as { id: string }).id);
    if (!found.found) return sendApprovalProblem(response, found.problem);
    response.set('cache-control', 'no-store');
    response.json({
      approval: {
        ...approvalSummary(found.view, approver),
        canonical: found.view.canonical,
        warnings: found.view.warnings,
        stages: found.view.stages,
        onExpiry: found.view.onExpiry,
        policyDescription: found.view.policyDescription,
        ...(found.view.decision ? { decision: found.view.decision } : {}),
      },
    });
  });

  router.post(
    '/approvals/:id/decision',
    requireApprover,
    express.json({ limit: '16kb', type: () => true }),
    async (request, response) => {
      const approver = approverOf(response);
      const body = decisionBodySchema.safeParse(request.body ?? {});
      if (!body.success) {
        response.status(400).json({
          error: {
            code: ApprovalProblemCode.invalidDecision,
            message: 'Body must be {"decision": "approve" | "reject", "comment": "…"}',
            fields: body.error.issues.map((issue) => ({
              path: issue.path.join('.') || '(body)',
              reason: issue.message,
            })),
          },
        });
        return;
      }
      const { id: workflowId } = request.params as { id: string };
      const result = await decideApproval(options.temporal, workflowId, approver, body.data);
      if (!result.decided) {
        options.logger.info(
          { workflowId, approver: approver.email, refused: result.problem.code },
          'approval decision refused',
        );
        return sendApprovalProblem(response, result.problem);
      }
      options.logger.info(
        { workflowId, approver: approver.email, decision: result.decision.decision },
        'approval decided',
      );
      response.json({
        approval: { id: workflowId, state: result.decision.decision === 'approve' ? 'approved' : 'rejected' },
        decision: result.decision,
      });
    },
  );

  const handleBodyError: ErrorRequestHandler = (error, _request, response, next) => {
    if (error?.type === 'entity.parse.failed') {
      sendApprovalProblem(response, {
        status: 400,
        code: ApprovalProblemCode.invalidDecision,
        message: 'Body is not valid JSON',
      });
      return;
    }
    next(error);
  };
  router.use('/approvals', handleBodyError);
  return router;
}

/** What a listing shows of one approval. */
export function approvalSummary(view: ApprovalRequestView, approver: ApproverIdentity) {
  const summary = summarizeForApproval(view);
  return {
    id: view.workflowId,
    requestId: view.requestId,
    integration: view.integration,
    recordKey: view.recordKey,
    state: view.state,
    policy: view.policy,
    reasons: view.reasons,
    title: summary.title,
    facts: summary.facts,
    ...summary.listing,
    ownerEmail: view.ownerEmail,
    warningCount: view.warnings.length,
    activeGroup: view.activeGroup,
    requestedAt: view.requestedAt,
    deadline: view.deadline,
    approvalUrl: view.approvalUrl,
    you: decisionHint(view, approver),
  };
}
