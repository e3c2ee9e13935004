import type { Response } from 'express';
import type { Logger } from '../../logging/logger';
import { ProblemCode, problemDocument, recordProblemCode } from '../problem-response';
import type { InFlightLimit } from './in-flight-limit';

/**
 * 503 + Retry-After: the event was not accepted (nothing is acknowledged), so the sender retries it. The wait
 * grows with the overload (1–30 s, see retry-after-advice.ts).
 *
 * Under overload this is most of what the API answers, so it is written by hand rather than through express's
 * `res.json` (no ETag hash of a body nobody caches), and it keeps the connection: the body it never read was
 * declared within the webhook body limit (larger ones were refused with 413 before), so Node discards it and
 * the sender's next request reuses the socket. Closing it, as other refusals of an unread body do, made every
 * shed answer cost both sides a new TCP connection. A body sent without a length (chunked) still closes it.
 */
export function answerOverloaded(response: Response, limit: InFlightLimit): void {
  const retryAfterSeconds = limit.retryAfterSeconds();
  const body = JSON.stringify(
    problemDocument(
      ProblemCode.overloaded,
      `Event not accepted: this API is at capacity (${limit.limit} events in flight, at most ${limit.capacity}); ` +
        `retry after ${retryAfterSeconds} s`,
    ),
  );
  const request = response.req;
  const bodyLengthDeclared = request.headers['content-length'] !== undefined;
  if (!request.complete) {
    if (bodyLengthDeclared) request.resume();
    else response.setHeader('connection', 'close');
  }
  recordProblemCode(response, ProblemCode.overloaded);
  response.writeHead(503, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'retry-after': String(retryAfterSeconds),
  });
  response.end(body);
}

/** One warning per interval with the count shed since the last one: overload is visible without a line per request. */
export class ShedLog {
  #since = 0;
  #lastLoggedAt = 0;

  constructor(
    private readonly logger: Logger,
    private readonly limit: InFlightLimit,
    private readonly intervalMs = 5_000,
  ) {}

  shedOne(): void {
    this.#since += 1;
    const now = Date.now();
    if (now - this.#lastLoggedAt < this.intervalMs) return;
    this.logger.warn(
      {
        shed: this.#since,
        shedTotal: this.limit.shed,
        limit: this.limit.limit,
        capacity: this.limit.capacity,
      },
      'webhooks shed at capacity (503 + Retry-After): in-flight bound reached (WEBHOOK_MAX_IN_FLIGHT, lowered while Temporal answers slower than WEBHOOK_LATENCY_TARGET)',
    );
    this.#since = 0;
    this.#lastLoggedAt = now;
  }
}
