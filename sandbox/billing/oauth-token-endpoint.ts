import express, { type Request, type Router } from 'express';
import { constantTimeEqual } from '../kit/constant-time-equal';
import type { AccessTokens } from './access-tokens';
import { oauthError, tokenEndpointPath } from './billing-errors';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

/**
 * `POST /oauth/token`, client credentials grant only. Credentials may come in the body (form or JSON) or
 * as HTTP Basic, as RFC 6749 §2.3.1 allows.
 */
export function oauthTokenRouter(options: { client: OAuthClient; tokens: AccessTokens }): Router {
  const router = express.Router();
  router.post(tokenEndpointPath, (req, res) => {
    // Token responses must never be cached (RFC 6749 §5.1).
    res.setHeader('Cache-Control', 'no-store');
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.grant_type === undefined) {
      res.status(400).json(oauthError('invalid_request', 'grant_type is required'));
      return;
    }
    if (body.grant_type !== 'client_credentials') {
      res.status(400).json(oauthError('unsupported_grant_type', 'Only client_credentials is supported'));
      return;
    }
    const presented = readClientCredentials(req, body);
    const authenticated =
      presented !== undefined &&
      constantTimeEqual(presented.clientId, options.client.clientId) &&
      constantTimeEqual(presented.clientSecret, options.client.clientSecret);
    if (!authenticated) {
      if (req.get('authorization')?.startsWith('Basic '))
        res.setHeader('WWW-Authenticate', 'Basic realm="billing"');
      res.status(401).json(oauthError('invalid_client', 'Client authentication failed'));
      return;
    }
    const issued = options.tokens.issue(options.client.clientId);
    res.json({ access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresInSeconds });
  });
  return router;
}

function readClientCredentials(req: Request, body: Record<string, unknown>): OAuthClient | undefined {
  const authorization = req.get('authorization');
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice('Basic '.length), 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator < 0) return undefined;
    try {
      // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
      return {
        clientId: decodeURIComponent(decoded.slice(0, separator).replace(/\+/g, ' ')),
        clientSecret: decodeURIComponent(decoded.slice(separator + 1).replace(/\+/g, ' ')),
      };
    } catch {
      return undefined;
    }
  }
  if (typeof body.client_id === 'string' && typeof body.client_secret === 'string') {
    return { clientId: body.client_id, clientSecret: body.client_secret };
  }
  return undefined;
}
