import { redactSensitive } from '../../logging/sensitive-fields';
import type { HttpExchangeResponse } from './http-exchange';
import { FailureClass, TargetFailure } from './target-failure';

/** Retry-After is either delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The part of a vendor's answer that may go into a failure message (and so into history and alerts): JSON with
 * sensitive fields redacted, or only the size of a non-JSON body, whose free text could echo anything back.
 */
export function describeBody(response: HttpExchangeResponse): string {
  if (response.json !== undefined) return JSON.stringify(redactSensitive(response.json)).slice(0, 500);
  return response.text ? `(${response.text.length} bytes, not JSON)` : '(empty body)';
}

/**
 * The status-code part of classification every vendor shares. Returns undefined for 2xx: the caller then applies
 * its vendor's body convention (an error reported inside a 200, a missing record).
 */
export function failureForStatus(response: HttpExchangeResponse, what: string): TargetFailure | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const excerpt = describeBody(response);
  const details = { status, responseBody: response.json };
  if (status === 429) {
    const delay = retryAfterMs(response.headers);
    return new TargetFailure(FailureClass.rateLimited, `${what}: rate limited (429)`, {
      ...details,
      ...(delay === undefined ? {} : { retryAfterMs: delay }),
    });
  }
  if (status === 401 || status === 403) {
    return new TargetFailure(
      FailureClass.credentials,
      `${what}: credentials refused (${status}) ${excerpt}`,
      details,
    );
  }
  if (status >= 500)
    return new TargetFailure(FailureClass.transient, `${what}: HTTP ${status} ${excerpt}`, details);
  if (status === 408) return new TargetFailure(FailureClass.timeout, `${what}: HTTP 408`, details);
  return new TargetFailure(FailureClass.rejected, `${what}: HTTP ${status} ${excerpt}`, details);
}
