import type { Response } from 'express';
import { FaultKind } from '../kit/faults/fault-kinds';
import type { RenderFault } from '../kit/faults/api-fault-middleware';
import type { FieldIssue } from '../kit/validation-issues';

/** The helpdesk's error envelope: `{"error": {"type", "detail", "fields"?}}` with snake_case types. */
export function sendHelpdeskError(
  res: Response,
  status: number,
  type: string,
  detail: string,
  fields?: FieldIssue[],
): void {
  res.status(status).json({ error: { type, detail, ...(fields && { fields }) } });
}

export const renderHelpdeskFault: RenderFault = (kind, fault) => {
  switch (kind) {
    case FaultKind.http500:
      return { status: 500, body: { error: { type: 'internal_error', detail: 'Something went wrong' } } };
    case FaultKind.http429:
      return {
        status: 429,
        body: {
          error: {
            type: 'rate_limited',
            detail: `Too many requests, retry in ${fault.retryAfterSeconds ?? 1}s`,
          },
        },
      };
    case FaultKind.errorBody200:
      // The helpdesk's quirk: a failed request can come back as HTTP 200 with an error and no ticket(s).
      return {
        status: 200,
        body: { error: { type: 'internal_error', detail: 'The request could not be completed' } },
      };
    case FaultKind.expiredCredentials:
      return { status: 401, body: { error: { type: 'token_expired', detail: 'The API token has expired' } } };
    case FaultKind.revokedCredentials:
      return {
        status: 401,
        body: { error: { type: 'token_revoked', detail: 'The API token has been revoked' } },
      };
  }
};
