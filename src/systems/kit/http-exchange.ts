import type { Logger } from '../../logging/logger';
import type { HttpExchangeSummary } from '../../logging/readable-log-stream';
import { traceHttpExchange } from '../../observability/http-exchange-span';
import { startCallDeadline } from './call-deadline';
import { sendHttpRequest, type HttpAnswer } from './keep-alive-http';
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
 * returned for the vendor's classifier to judge. Every exchange is logged as a summary at info level (method,
 * path, status, duration) and in full at debug level, with credentials and personal fields redacted by the logger.
 */
export function exchangeHttp(request: HttpExchangeRequest, logger?: Logger): Promise<HttpExchangeResponse> {
  return traceHttpExchange(request.method, request.url, () => exchangeHttpOnce(request, logger));
}

async function exchangeHttpOnce(
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
  // The deadline covers the whole exchange, reading the body included: a vendor can stall mid-body too.
  const deadline = startCallDeadline(request.timeoutMs, request.signal);
  let response: HttpAnswer;
  try {
    response = await sendHttpRequest(request.url, {
      method: request.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: deadline.signal,
    });
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    const timedOut = deadline.timedOut();
    logger?.warn(
      {
        http: summarize(request, undefined, startedAt),
        request: { method: request.method, url: request.url },
        error: String(error),
      },
      'http failed',
    );
    throw new TargetFailure(
      timedOut ? FailureClass.timeout : FailureClass.transient,
      timedOut
        ? `${request.method} ${request.url} got no answer within ${request.timeoutMs} ms`
        : `${request.method} ${request.url} failed: ${(error as Error).message}`,
    );
  } finally {
    deadline.release();
  }
  const { text } = response;
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  logger?.info({ http: summarize(request, response.status, startedAt) }, 'http exchange');
  logger?.debug(
    {
      request: { method: request.method, url: request.url, headers, body: request.body },
      // Non-JSON bodies are free text that may echo anything back: log their size, never their content.
      response: { status: response.status, body: json ?? { nonJsonBytes: text.length } },
      durationMs: Math.round(performance.now() - startedAt),
    },
    'http exchange in full',
  );
  return { status: response.status, headers: response.headers, json, text };
}

function summarize(
  request: HttpExchangeRequest,
  status: number | undefined,
  startedAt: number,
): HttpExchangeSummary {
  return {
    method: request.method,
    path: new URL(request.url).pathname,
    ...(status === undefined ? {} : { status }),
    durationMs: Math.round(performance.now() - startedAt),
  };
}
