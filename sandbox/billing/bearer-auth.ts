import type { RequestHandler } from 'express';
import type { AccessTokens } from './access-tokens';
import { oauthError } from './billing-errors';

/** The billing API's bearer check (tokens from `/oauth/token`), answering OAuth 2.0 errors. */
export function bearerAuth(tokens: AccessTokens): RequestHandler {
  return (req, res, next) => {
    const token = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const check = token === undefined ? 'missing' : tokens.check(token);
    if (check === 'valid') {
      next();
      return;
    }
    const description =
      check === 'expired'
        ? 'The access token expired'
        : check === 'missing'
          ? 'No bearer access token was provided'
          : 'The access token is not valid';
    res.setHeader('WWW-Authenticate', `Bearer error="invalid_token", error_description="${description}"`);
    res.status(401).json(oauthError('invalid_token', description));
  };
}
