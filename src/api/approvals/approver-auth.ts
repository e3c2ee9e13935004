import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { ApproverDirectory } from '../../approvals/approver-directory';
import type { ApproverIdentity } from '../../workflows/approval-messages';
import { ApprovalProblemCode, type ApprovalProblem } from './approval-problem';

/** The approval page's session cookie: the approver's token, HttpOnly and SameSite=Strict, scoped to `/ui`. */
export const sessionCookieName = 'loudwire_approver';
export const sessionCookiePath = '/ui';
/** How long the page keeps an approver signed in. */
export const sessionMaxAgeMs = 8 * 3_600_000;

/** The approver behind `Authorization: Bearer <token>`, or the 401 problem to answer. */
export function approverFromBearer(
  request: Request,
  approvers: ApproverDirectory,
): { approver: ApproverIdentity } | { problem: ApprovalProblem } {
  const header = request.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    return {
      problem: {
        status: 401,
        code: ApprovalProblemCode.missingToken,
        message: 'Send the approver token as "Authorization: Bearer <token>"',
      },
    };
  }
  const approver = approvers.identify(match[1]!);
  if (!approver) {
    return {
      problem: {
        status: 401,
        code: ApprovalProblemCode.invalidToken,
        message: 'The approver token is not valid',
      },
    };
  }
  return { approver };
}

/** The session token from the page's cookie, if any (not yet checked against the directory). */
export function sessionToken(request: Request): string | undefined {
  for (const part of (request.get('cookie') ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== sessionCookieName) continue;
    try {
      return decodeURIComponent(part.slice(separator + 1).trim()) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The hidden form token of the approval page, derived from the session token. The cookie is SameSite=Strict
 * already; this second check means a form posted from anywhere else is refused even by a browser that ignores it.
 */
export function formToken(session: string): string {
  return createHmac('sha256', session).update('loudwire-approval-form').digest('base64url');
}

export function isValidFormToken(session: string, candidate: unknown): boolean {
  if (typeof candidate !== 'string') return false;
  const expected = Buffer.from(formToken(session));
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
