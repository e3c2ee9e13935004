import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { loudwireTracer } from './loudwire-tracer';

/**
 * A client span around one vendor HTTP exchange (`HTTP POST`), child of the activity that makes it: a write
 * activity's trace shows its look-up, its write and its read-back as three spans. Only the URL's path is
 * recorded — a query string may carry anything.
 */
export function traceHttpExchange<T extends { status: number }>(
  method: string,
  url: string,
  exchange: () => Promise<T>,
): Promise<T> {
  const { host, pathname } = new URL(url);
  return loudwireTracer().startActiveSpan(
    `HTTP ${method}`,
    {
      kind: SpanKind.CLIENT,
      attributes: { 'http.request.method': method, 'server.address': host, 'url.path': pathname },
    },
    async (span) => {
      try {
        const response = await exchange();
        span.setAttribute('http.response.status_code', response.status);
        if (response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
        return response;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
