import type { Response } from 'express';

/** Stable codes for every error the API answers; clients can switch on them. */
export const ProblemCode = {
  unknownSource: 'unknown_source',
  unsupportedMediaType: 'unsupported_media_type',
  payloadTooLarge: 'payload_too_large',
  missingSignature: 'missing_signature',
  staleSignature: 'stale_signature',
  invalidSignature: 'invalid_signature',
  malformedJson: 'malformed_json',
  malformedPath: 'malformed_path',
  unsupportedContentEncoding: 'unsupported_content_encoding',
  unsupportedCharset: 'unsupported_charset',
  corruptBody: 'corrupt_body',
  tooManyFormFields: 'too_many_form_fields',
  invalidUtf8: 'invalid_utf8',
  tooDeeplyNested: 'too_deeply_nested',
  badRequest: 'bad_request',
  invalidEnvelope: 'invalid_envelope',
  temporalUnavailable: 'temporal_unavailable',
  overloaded: 'overloaded',
  notFound: 'not_found',
  internal: 'internal_error',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

export interface ProblemField {
  path: string;
  reason: string;
}

/** Answers `{"error": {"code", "message", "fields"?}}`: the message names the problem, fields name the inputs. */
export function sendProblem(
  response: Response,
  status: number,
  code: ProblemCode,
  message: string,
  fields?: ProblemField[],
): void {
  closeIfBodyUnread(response);
  recordProblemCode(response, code);
  response.status(status).json(problemDocument(code, message, fields));
}

/** The body of every problem answer: `{"error": {"code", "message", "fields"?}}`. */
export function problemDocument(code: ProblemCode, message: string, fields?: ProblemField[]) {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

/** Notes the code an answer is sent with, for the refusal metrics (`problemCodeOf`). */
export function recordProblemCode(response: Response, code: ProblemCode): void {
  response.locals.problemCode = code;
}

/**
 * An answer sent before the request's body was read (a refusal) closes the connection: otherwise Node would keep
 * reading — and waiting for — a body the sender may never finish (`Content-Length: 1000000000000`, 2 bytes sent).
 */
export function closeIfBodyUnread(response: Response): void {
  if (!response.req.complete) response.set('connection', 'close');
}

/** The problem code an answer was sent with (for the refusal metrics), if it was a problem answer. */
export function problemCodeOf(response: Response): ProblemCode | undefined {
  return (response.locals as { problemCode?: ProblemCode }).problemCode;
}
