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
  invalidEnvelope: 'invalid_envelope',
  temporalUnavailable: 'temporal_unavailable',
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
  response.status(status).json({ error: { code, message, ...(fields ? { fields } : {}) } });
}
