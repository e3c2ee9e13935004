import type { Logger } from '../../logging/logger';
import { FailureClass, TargetFailure } from './target-failure';

export interface HttpExchangeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON when an object, as-is when a string. */
  body?: unknown;
  timeoutMs: number;
  /** Aborts the call early (an activity's cancellation signal), so the attempt can be retried elsewhere. */
  signal?: AbortSignal;
}

export interface HttpExchangeResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body is empty or not JSON (see `text`). */
  json: unknown;
  text: string;
}

/**
 * One HTTP round trip. Network errors and timeouts become classified TargetFailures; any HTTP status is
 * returned for the vendor's classifier to judge. Every request and response is logged in full (one JSON line at
 * info level), with credentials and personal fields redacted by the logger.
 */
export async function exchangeHttp(
  request: HttpExchangeRequest,
  logger?: Logger,
): Promise<HttpExchangeResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (typeof request.body === 'string') body = request.body;
  else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  const startedAt = performance.now();
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers,
      body,
      signal: request.signal
        ? AbortSignal.any([AbortSignal.timeout(request.timeoutMs), request.signal])
        : AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    logger?.warn(
      { request: { method: request.method, url: request.url }, error: String(error) },
      'http failed',
    );
    throw new TargetFailure(
      timedOut ? FailureClass.timeout : FailureClass.transient,
      timedOut
        ? `${request.method} ${request.url} got no answer within ${request.timeoutMs} ms`
        : `${request.method} ${request.url} failed: ${(error as Error).message}`,
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  logger?.info(
    {
      request: { method: request.method, url: request.url, headers, body: request.body },
      // Non-JSON bodies are free text that may echo anything back: log their size, never their content.
      response: { status: response.status, body: json ?? { nonJsonBytes: text.length } },
      durationMs: Math.round(performance.now() - startedAt),
    },
    'http exchange',
  );
  return { status: response.status, headers: response.headers, json, text };
}
