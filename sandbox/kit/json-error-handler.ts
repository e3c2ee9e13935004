import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';

/** Writes one error in a vendor's own envelope. */
export type SendVendorError = (res: Response, status: number, code: string, message: string) => void;

/**
 * Last-resort handler: malformed JSON becomes the vendor's 400, anything unexpected its 500, each in the
 * vendor's own shape so a connector sees the same envelope it would from the real system.
 */
export function jsonErrorHandler(sendError: SendVendorError, logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const bodyParserType = (err as { type?: unknown }).type;
    if (bodyParserType === 'entity.parse.failed') {
      sendError(res, 400, 'invalid_json', 'The request body is not valid JSON');
      return;
    }
    if (bodyParserType === 'entity.too.large') {
      sendError(res, 413, 'payload_too_large', 'The request body is too large');
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'unhandled sandbox error');
    sendError(res, 500, 'internal_error', 'Unexpected sandbox error');
  };
}
