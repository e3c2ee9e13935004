import type { Response } from 'express';
import { FaultKind } from '../kit/faults/fault-kinds';
import type { RenderFault } from '../kit/faults/api-fault-middleware';
import type { SendVendorError } from '../kit/json-error-handler';
import type { FieldIssue } from '../kit/validation-issues';

/** One invalid field in the accounting system's words. */
export interface AccountingElement {
  Field: string;
  Message: string;
}

/** The accounting system's error envelope: `{"Type", "Message", "Elements"?}`, PascalCase like its records. */
export function sendAccountingError(
  res: Response,
  status: number,
  type: string,
  message: string,
  elements?: AccountingElement[],
): void {
  res.status(status).json({ Type: type, Message: message, ...(elements && { Elements: elements }) });
}

/** 400 ValidationException listing every invalid field (unlike billing, all at once). */
export function sendValidationException(res: Response, issues: readonly FieldIssue[]): void {
  sendAccountingError(
    res,
    400,
    'ValidationException',
    'A validation exception occurred',
    issues.map(({ field, message }) => ({ Field: field, Message: message })),
  );
}

/** The kit's snake_case codes (`invalid_json`) as this vendor's Types (`InvalidJson`). */
export const sendAccountingKitError: SendVendorError = (res, status, code, message) =>
  sendAccountingError(
    res,
    status,
    code.replace(/(^|_)([a-z])/g, (_match, _separator, letter: string) => letter.toUpperCase()),
    message,
  );

export const renderAccountingFault: RenderFault = (kind, fault) => {
  switch (kind) {
    case FaultKind.http500:
      return { status: 500, body: { Type: 'InternalError', Message: 'An unexpected error occurred' } };
    case FaultKind.http429:
      return {
        status: 429,
        body: {
          Type: 'RateLimitExceeded',
          Message: `Rate limit exceeded, retry in ${fault.retryAfterSeconds ?? 1}s`,
        },
      };
    case FaultKind.errorBody200:
      // The accounting system's quirk: a failed request can come back as HTTP 200 with no contacts and a Type.
      return {
        status: 200,
        body: { Contacts: null, Type: 'ProcessingException', Message: 'The request could not be processed' },
      };
    case FaultKind.expiredCredentials:
      return { status: 401, body: { Type: 'CredentialsExpired', Message: 'The client secret has expired' } };
    case FaultKind.revokedCredentials:
      return { status: 403, body: { Type: 'ClientRevoked', Message: 'This client has been revoked' } };
  }
};
