import type { Request, Response } from 'express';
import type { ZodError } from 'zod';
import { fieldIssues } from '../kit/validation-issues';
import { FaultKind } from '../kit/faults/fault-kinds';
import type { FaultResponse, RenderFault } from '../kit/faults/api-fault-middleware';

/** The billing API's envelope: every answer has `success`; failures carry `error.code` and `message`. */
export function sendBillingError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ success: false, error: { code, message } });
}

/**
 * The vendor's quirk: a request that fails validation is answered HTTP 200 with `success: false`, one field at a
 * time, and nothing is stored.
 */
export function sendBillingValidationError(res: Response, error: ZodError): void {
  const [issue] = fieldIssues(error);
  res.status(200).json({
    success: false,
    error: {
      code: 'validation_error',
      field: issue?.field ?? '(body)',
      message: issue?.message ?? 'is invalid',
    },
  });
}

/** OAuth 2.0 (RFC 6749 / 6750) errors, which the token endpoint and bearer checks use instead. */
export function oauthError(error: string, description: string): { error: string; error_description: string } {
  return { error, error_description: description };
}

export const tokenEndpointPath = '/oauth/token';

function isTokenEndpoint(req: Request): boolean {
  return req.path === tokenEndpointPath;
}

export const renderBillingFault: RenderFault = (kind, fault, req): FaultResponse => {
  const tokenEndpoint = isTokenEndpoint(req);
  switch (kind) {
    case FaultKind.http500:
      return tokenEndpoint
        ? { status: 500, body: oauthError('server_error', 'The authorization server failed') }
        : {
            status: 500,
            body: { success: false, error: { code: 'api_error', message: 'An internal error occurred' } },
          };
    case FaultKind.http429: {
      const message = `Too many requests, retry after ${fault.retryAfterSeconds ?? 1}s`;
      return tokenEndpoint
        ? { status: 429, body: oauthError('rate_limit_exceeded', message) }
        : { status: 429, body: { success: false, error: { code: 'rate_limit_exceeded', message } } };
    }
    case FaultKind.errorBody200:
      // The billing vendor's quirk: processing failures come back as HTTP 200 with success=false.
      return {
        status: 200,
        body: {
          success: false,
          error: { code: 'processing_error', message: 'The request could not be processed' },
        },
      };
    case FaultKind.expiredCredentials:
      return {
        status: 401,
        headers: {
          'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token expired"',
        },
        body: oauthError('invalid_token', 'The access token expired'),
      };
    case FaultKind.revokedCredentials:
      // A revoked client: its tokens stop working and it can no longer obtain new ones.
      return { status: 401, body: oauthError('invalid_client', 'The client has been revoked') };
  }
};
