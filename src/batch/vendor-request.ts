import { exchangeHttp, type HttpExchangeResponse } from '../connectors/http-exchange';
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

/** One HTTP round trip for batch reads and writes: the connectors' exchange, stopped when the activity is cancelled. */
export function vendorRequest(request: VendorRequest, logger?: Logger): Promise<HttpExchangeResponse> {
  return exchangeHttp(
    {
      method: request.method,
      url: request.url,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.json === undefined ? {} : { body: request.json }),
      timeoutMs: request.timeoutMs,
      signal: request.signal,
    },
    logger,
  );
}
