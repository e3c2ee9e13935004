import type { RequestHandler } from 'express';
import { constantTimeEqual } from '../kit/constant-time-equal';
import { sendAccountingError } from './accounting-errors';

/** The accounting API's auth: HTTP Basic with the client ID and secret on every request (RFC 7617). */
export function accountingBasicAuth(client: { clientId: string; clientSecret: string }): RequestHandler {
  return (req, res, next) => {
    const presented = readBasicCredentials(req.get('authorization'));
    // Both comparisons always run, so timing does not tell which half was wrong.
    const idMatches = constantTimeEqual(presented?.clientId ?? '', client.clientId);
    const secretMatches = constantTimeEqual(presented?.clientSecret ?? '', client.clientSecret);
    if (presented === undefined || !idMatches || !secretMatches) {
      res.setHeader('WWW-Authenticate', 'Basic realm="accounting", charset="UTF-8"');
      sendAccountingError(res, 401, 'Unauthorized', 'Send HTTP Basic credentials: client ID and secret');
      return;
    }
    next();
  };
}

function readBasicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  const encoded = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)$/i)?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return undefined;
  return { clientId: decoded.slice(0, separator), clientSecret: decoded.slice(separator + 1) };
}
