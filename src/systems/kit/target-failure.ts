/**
 * How a failed call to a target system is classified. The values double as Temporal ApplicationFailure types,
 * so retry policies and operators see the same names.
 */
export const FailureClass = {
  /** 5xx, connection refused, reset: try again with backoff. */
  transient: 'TargetUnavailable',
  /** No answer within the client timeout. */
  timeout: 'TargetTimeout',
  /** 429: retry after the vendor's Retry-After. */
  rateLimited: 'TargetRateLimited',
  /** 4xx or validation: the same request will fail again, so never retry it. */
  rejected: 'TargetRejected',
  /** 401/403: expired or revoked credentials; retrying spins without an operator. */
  credentials: 'TargetCredentialsRejected',
  /** HTTP 2xx whose body reports an error, per the vendor's convention. */
  errorInSuccessBody: 'TargetErrorInSuccessBody',
  /** 2xx with a body that is not what the vendor documents (e.g. no record ID). */
  unexpectedResponse: 'TargetUnexpectedResponse',
  /** Read back after a write, the target does not hold what was written (or holds nothing). */
  destinationMismatch: 'TargetDestinationMismatch',
  /**
   * A look-up by external ID found more than one record carrying it (src/systems/kit/exact-lookup.ts): writing
   * to either could overwrite an unrelated record, so nothing is written until a person decides.
   */
  ambiguousTarget: 'AmbiguousTarget',
} as const;
export type FailureClass = (typeof FailureClass)[keyof typeof FailureClass];

const retryableClasses: ReadonlySet<FailureClass> = new Set([
  FailureClass.transient,
  FailureClass.timeout,
  FailureClass.rateLimited,
  FailureClass.errorInSuccessBody,
  FailureClass.unexpectedResponse,
]);

export function isRetryable(failureClass: FailureClass): boolean {
  return retryableClasses.has(failureClass);
}

/** A classified failure from a system's client. Carries no credentials: safe to log and to put in history. */
export class TargetFailure extends Error {
  override readonly name = 'TargetFailure';
  constructor(
    readonly failureClass: FailureClass,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; responseBody?: unknown } = {},
  ) {
    super(message);
  }
}
