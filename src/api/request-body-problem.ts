import { ProblemCode } from './problem-response';

/** A request the sender can fix: the status, a stable code and a sentence naming the problem. */
export interface RequestProblem {
  status: number;
  code: ProblemCode;
  message: string;
}

/** What `express.raw/json/urlencoded` attach to the errors they raise (http-errors). */
interface BodyReadingError {
  status?: number;
  type?: string;
  message?: string;
  limit?: number;
}

/**
 * Turns an error raised while reading a request (body-parser, the router's path decoding) into the 4xx the sender
 * needs, naming the problem and — for a too large body — the limit of the route it was sent to. Returns
 * 'aborted' when the client went away (nobody is left to answer), undefined for an error that is ours.
 * @param bodyLimit how the route's body limit reads in a message, e.g. "262144-byte limit (WEBHOOK_BODY_LIMIT_BYTES)"
 */
export function requestBodyProblem(
  error: unknown,
  bodyLimit: string,
): RequestProblem | 'aborted' | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, type, message = '' } = error as BodyReadingError;
  if (type === 'request.aborted') return 'aborted';
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  switch (type) {
    case 'entity.too.large':
      return bodyTooLargeProblem(bodyLimit);
    case 'encoding.unsupported':
      return {
        status: 415,
        code: ProblemCode.unsupportedContentEncoding,
        message: `${capitalize(message)}: send the body as it is, or with gzip, deflate or br`,
      };
    case 'charset.unsupported':
      return {
        status: 415,
        code: ProblemCode.unsupportedCharset,
        message: `${capitalize(message)}: send UTF-8`,
      };
    case 'parameters.too.many':
      return {
        status: 413,
        code: ProblemCode.tooManyFormFields,
        message: 'Form has too many fields (at most 1000)',
      };
    case 'entity.parse.failed':
      return { status: 400, code: ProblemCode.malformedJson, message: `Body is not valid: ${message}` };
    case 'request.size.invalid':
      return {
        status: 400,
        code: ProblemCode.corruptBody,
        message: 'Body is shorter or longer than its Content-Length',
      };
    default:
      // zlib's own errors (a corrupt or truncated gzip, a garbage br body) and the router's path decoding.
      if (/decode param/i.test(message)) {
        return { status: 400, code: ProblemCode.malformedPath, message: 'Path has invalid percent-encoding' };
      }
      if (status === 400 && isCompressionError(error)) {
        return {
          status: 400,
          code: ProblemCode.corruptBody,
          message: `Body could not be decompressed per its Content-Encoding (${message})`,
        };
      }
      return { status, code: ProblemCode.badRequest, message: capitalize(message) || 'Bad request' };
  }
}

function isCompressionError(error: object): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(Z_|ERR_BROTLI|ERR_ZLIB|ERR__ERROR)/.test(code);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function bodyTooLargeProblem(bodyLimit: string): RequestProblem {
  return { status: 413, code: ProblemCode.payloadTooLarge, message: `Body exceeds the ${bodyLimit}` };
}
