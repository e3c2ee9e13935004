import type { Response } from 'express';
import { FaultKind } from '../kit/faults/fault-kinds';
import type { RenderFault } from '../kit/faults/api-fault-middleware';
import type { FieldIssue } from '../kit/validation-issues';

/** The CRM's error envelope: `{"errorCode": "SCREAMING_CASE", "message", "fieldErrors"?}`. */
export function sendCrmError(
  res: Response,
  status: number,
  errorCode: string,
  message: string,
  fieldErrors?: FieldIssue[],
): void {
  res
    .status(status)
    .json({ errorCode: errorCode.toUpperCase(), message, ...(fieldErrors && { fieldErrors }) });
}

export const renderCrmFault: RenderFault = (kind, fault) => {
  switch (kind) {
    case FaultKind.http500:
      return {
        status: 500,
        body: { errorCode: 'INTERNAL_SERVER_ERROR', message: 'An unexpected error occurred' },
      };
    case FaultKind.http429:
      return {
        status: 429,
        body: {
          errorCode: 'RATE_LIMIT_EXCEEDED',
          message: `API rate limit exceeded, retry in ${fault.retryAfterSeconds ?? 1}s`,
        },
      };
    case FaultKind.errorBody200:
      // The CRM's quirk: some failures are HTTP 200 with an `errors` array and no data.
      return {
        status: 200,
        body: { data: null, errors: [{ errorCode: 'INTERNAL_SERVER_ERROR', message: 'The request failed' }] },
      };
    case FaultKind.expiredCredentials:
      return { status: 401, body: { errorCode: 'API_KEY_EXPIRED', message: 'The API key has expired' } };
    case FaultKind.revokedCredentials:
      return { status: 401, body: { errorCode: 'API_KEY_REVOKED', message: 'The API key has been revoked' } };
  }
};
