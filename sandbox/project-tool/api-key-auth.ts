import type { RequestHandler } from 'express';
import { constantTimeEqual } from '../kit/constant-time-equal';
import { sendProjectError } from './project-errors';

/** The project tool's auth: every API request carries `X-Api-Key`. */
export function projectToolApiKeyAuth(apiKey: string): RequestHandler {
  return (req, res, next) => {
    const presented = req.get('x-api-key');
    if (presented === undefined || !constantTimeEqual(presented, apiKey)) {
      sendProjectError(res, 401, 'unauthorized', 'Missing or invalid X-Api-Key header');
      return;
    }
    next();
  };
}
