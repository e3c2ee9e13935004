import type { RequestHandler } from 'express';
import { ProblemCode, sendProblem } from './problem-response';

/**
 * Refuses a path with invalid percent-encoding (`/webhooks/%ZZ`, `/approvals/%`) with 400 before any route,
 * authentication or body is looked at: no route could decode its parameters.
 */
export const rejectMalformedPath: RequestHandler = (request, response, next) => {
  try {
    decodeURIComponent(request.path);
  } catch {
    sendProblem(response, 400, ProblemCode.malformedPath, 'Path has invalid percent-encoding');
    return;
  }
  next();
};
