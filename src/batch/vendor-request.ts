import type { HttpExchangeResponse } from '../connectors/http-exchange';
import { FailureClass, TargetFailure } from '../connectors/target-failure';
import type { Logger } from '../logging/logger';

export interface VendorRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  timeoutMs: number;
  /** The activity's cancellation signal: a worker shutdown aborts the call so the attempt can be retried elsewhere. */
  signal: AbortSignal;
}

/**
 * One HTTP round trip for batch reads and writes. Like the connectors' exchange, network errors and timeouts
 * become classified TargetFailures; unlike it, the call also stops when the activity is cancelled.
 */
export async function vendorRequest(request: VendorRequest, logger?: Logger): Promise<HttpExchangeResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      signal: AbortSignal.any([AbortSignal.timeout(request.timeoutMs), request.signal]),
    });
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason ?? error;
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
  return { status: response.status, headers: response.headers, json, text };
}
