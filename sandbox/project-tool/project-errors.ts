import type { Response } from 'express';
import { FaultKind } from '../kit/faults/fault-kinds';
import type { RenderFault } from '../kit/faults/api-fault-middleware';
import type { FieldIssue } from '../kit/validation-issues';

/** The project tool's error envelope: `{"error": {"code", "message", "fields"?}}` with snake_case codes. */
export function sendProjectError(
  res: Response,
  status: number,
  code: string,
  message: string,
  fields?: FieldIssue[],
): void {
  res.status(status).json({ error: { code, message, ...(fields && { fields }) } });
}

/** The resource a path names, which an error-in-200 answer nulls (`{"task": null, …}` on `/v2/tasks`). */
function resourceKey(path: string): 'task' | 'project' {
  return path === '/v2/tasks' || path.startsWith('/v2/tasks/') ? 'task' : 'project';
}

export const renderProjectToolFault: RenderFault = (kind, fault, req) => {
  switch (kind) {
    case FaultKind.http500:
      return {
        status: 500,
        body: { error: { code: 'internal_error', message: 'Something went wrong on our end' } },
      };
    case FaultKind.http429:
      return {
        status: 429,
        body: {
          error: {
            code: 'rate_limited',
            message: `Rate limit exceeded, retry in ${fault.retryAfterSeconds ?? 1}s`,
          },
        },
      };
    case FaultKind.errorBody200:
      // The project tool's known quirk: some failures come back as 200 with a null project (or task).
      return {
        status: 200,
        body: {
          [resourceKey(req.path)]: null,
          error: { code: 'internal_error', message: `The ${resourceKey(req.path)} could not be processed` },
        },
      };
    case FaultKind.expiredCredentials:
      return {
        status: 401,
        body: { error: { code: 'api_key_expired', message: 'This API key has expired' } },
      };
    case FaultKind.revokedCredentials:
      return {
        status: 403,
        body: { error: { code: 'api_key_revoked', message: 'This API key has been revoked' } },
      };
  }
};
