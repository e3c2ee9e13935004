import express, { type ErrorRequestHandler, type Request, type Response, Router } from 'express';
import type { Client } from '@temporalio/client';
import type { ApproverDirectory } from '../../approvals/approver-directory';
import type { Logger } from '../../logging/logger';
import type { ApproverIdentity } from '../../workflows/approval-messages';
import { closeIfBodyUnread } from '../problem-response';
import { declaredBodyTooLarge } from '../declared-body-too-large';
import { requestBodyProblem } from '../request-body-problem';
import { decisionBodyLimitBytes, decisionBodySchema } from './approval-api-routes';
import {
  pageContentSecurityPolicy,
  renderApprovalDetail,
  renderApprovalList,
  renderErrorPage,
  renderLoginPage,
} from './approval-page-html';
import { decideApproval, decisionHint, findApproval, listPendingApprovals } from './approval-requests';
import {
  formToken,
  isValidFormToken,
  sessionCookieName,
  sessionCookiePath,
  sessionMaxAgeMs,
  sessionToken,
} from './approver-auth';

export interface ApprovalPageOptions {
  temporal: Client;
  taskQueue: string;
  approvers: ApproverDirectory;
  /** The API's public base URL; an `https:` one makes the session cookie `Secure`. */
  publicApiUrl: string;
  logger: Logger;
}

interface Session {
  token: string;
  approver: ApproverIdentity;
}

/**
 * The approval page, server-rendered with no script: `/ui/login`, `/ui/approvals` (pending list),
 * `/ui/approvals/:id` (one record with the decision form). Decisions go through the same Temporal update as
 * the JSON API, so the workflow's validator judges them alike.
 */
export function createApprovalPageRouter(options: ApprovalPageOptions): Router {
  const router = Router();
  const formLimit = `${decisionBodyLimitBytes}-byte limit of the page's forms`;
  const parseForm = express.urlencoded({ extended: false, limit: decisionBodyLimitBytes });
  const readForm: express.RequestHandler = (request, response, next) => {
    if (!declaredBodyTooLarge(request, decisionBodyLimitBytes)) return parseForm(request, response, next);
    next(bodyTooLargeError);
  };
  const secureCookie = options.publicApiUrl.startsWith('https:');

  router.use('/ui', (_request, response, next) => {
    response.set({
      'content-security-policy': pageContentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    next();
  });

  const sessionOf = (request: Request): Session | undefined => {
    const token = sessionToken(request);
    const approver = token ? options.approvers.identify(token) : undefined;
    return token && approver ? { token, approver } : undefined;
  };
  const toLogin = (request: Request, response: Response) =>
    response.redirect(303, `/ui/login?next=${encodeURIComponent(request.originalUrl)}`);

  router.get('/ui/login', (request, response) => {
    response.type('html').send(renderLoginPage({ next: safeNext(request.query.next) }));
  });

  router.post('/ui/login', readForm, (request, response) => {
    const token = typeof request.body?.token === 'string' ? request.body.token.trim() : '';
    const next = safeNext(request.body?.next);
    if (!token || !options.approvers.identify(token)) {
      response
        .status(401)
        .type('html')
        .send(renderLoginPage({ next, error: 'That token is not a valid approver token.' }));
      return;
    }
    response.cookie(sessionCookieName, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie,
      path: sessionCookiePath,
      maxAge: sessionMaxAgeMs,
    });
    response.redirect(303, next);
  });

  router.post('/ui/logout', readForm, (request, response) => {
    const session = sessionOf(request);
    if (session && !isValidFormToken(session.token, request.body?.csrf)) {
      response
        .status(403)
        .type('html')
        .send(renderErrorPage('Not signed out', 'The form was not sent by this page.'));
      return;
    }
    response.clearCookie(sessionCookieName, { path: sessionCookiePath, httpOnly: true, sameSite: 'strict' });
    response.redirect(303, '/ui/login');
  });

  router.get('/ui/approvals', async (request, response) => {
    const session = sessionOf(request);
    if (!session) return toLogin(request, response);
    const views = await listPendingApprovals(options.temporal, options.taskQueue, session.approver);
    response
      .type('html')
      .send(
        renderApprovalList(
          views,
          session.approver,
          formToken(session.token),
          (view) => decisionHint(view, session.approver).mayDecide,
        ),
      );
  });

  router.get('/ui/approvals/:id', async (request, response) => {
    const session = sessionOf(request);
    if (!session) return toLogin(request, response);
    const found = await findApproval(options.temporal, request.params.id, session.approver);
    if (!found.found) {
      response
        .status(404)
        .type('html')
        .send(
          renderErrorPage(
            'Approval not found',
            found.problem.message,
            session.approver,
            formToken(session.token),
          ),
        );
      return;
    }
    const notice = request.query.decided === '1' ? 'Your decision was recorded.' : undefined;
    response.type('html').send(
      renderApprovalDetail({
        view: found.view,
        approver: session.approver,
        formToken: formToken(session.token),
        hint: decisionHint(found.view, session.approver),
        ...(notice ? { notice } : {}),
      }),
    );
  });

  router.post('/ui/approvals/:id/decision', readForm, async (request, response) => {
    const session = sessionOf(request);
    const { id: workflowId } = request.params as { id: string };
    if (!session) {
      response
        .status(401)
        .type('html')
        .send(
          renderLoginPage({
            next: `/ui/approvals/${encodeURIComponent(workflowId)}`,
            error: 'Sign in first.',
          }),
        );
      return;
    }
    const token = formToken(session.token);
    if (!isValidFormToken(session.token, request.body?.csrf)) {
      response
        .status(403)
        .type('html')
        .send(
          renderErrorPage(
            'Decision not sent',
            'The form was not sent by this page; reload it and try again.',
            session.approver,
            token,
          ),
        );
      return;
    }
    const body = decisionBodySchema.safeParse(request.body ?? {});
    const result = body.success
      ? await decideApproval(options.temporal, workflowId, session.approver, body.data)
      : {
          decided: false as const,
          problem: { status: 400, message: 'Choose Approve or Reject (comments up to 2,000 characters).' },
        };
    if (result.decided) {
      options.logger.info(
        { workflowId, approver: session.approver.email, decision: result.decision.decision },
        'approval decided on the page',
      );
      response.redirect(303, `/ui/approvals/${encodeURIComponent(workflowId)}?decided=1`);
      return;
    }
    const found = await findApproval(options.temporal, workflowId, session.approver);
    if (!found.found) {
      response
        .status(404)
        .type('html')
        .send(renderErrorPage('Approval not found', found.problem.message, session.approver, token));
      return;
    }
    response
      .status(result.problem.status)
      .type('html')
      .send(
        renderApprovalDetail({
          view: found.view,
          approver: session.approver,
          formToken: token,
          hint: decisionHint(found.view, session.approver),
          error: `Your decision was not recorded: ${result.problem.message}`,
        }),
      );
  });

  // The page's forms answer their body errors as pages, naming the page's own limit.
  const handleFormError: ErrorRequestHandler = (error, request, response, next) => {
    const problem = requestBodyProblem(error, formLimit);
    if (problem === undefined) return next(error);
    if (problem === 'aborted') {
      options.logger.info({ path: request.path }, 'approval page request aborted by the client');
      return;
    }
    closeIfBodyUnread(response);
    response
      .status(problem.status)
      .type('html')
      .send(renderErrorPage('Form not accepted', `${problem.message}.`));
  };
  router.use('/ui', handleFormError);
  return router;
}

/** What body-parser raises for a too large body, raised early for one that announces its size. */
const bodyTooLargeError = Object.assign(new Error('request entity too large'), {
  status: 413,
  type: 'entity.too.large',
});

/** Only ever redirect back into the approval page (no open redirect). */
function safeNext(candidate: unknown): string {
  return typeof candidate === 'string' && /^\/ui\/approvals(\/[^/\\]*)?(\?.*)?$/.test(candidate)
    ? candidate
    : '/ui/approvals';
}
