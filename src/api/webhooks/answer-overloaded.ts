import type { Response } from 'express';
import type { Logger } from '../../logging/logger';
import { ProblemCode, sendProblem } from '../problem-response';
import type { InFlightLimit } from './in-flight-limit';

/** Seconds a shed sender is asked to wait: long enough for the in-flight calls (tens of ms each) to drain. */
export const overloadRetryAfterSeconds = 1;

/** 503 + Retry-After: the event was not accepted (nothing is acknowledged), so the sender retries it. */
export function answerOverloaded(response: Response, limit: InFlightLimit): void {
  response.setHeader('retry-after', String(overloadRetryAfterSeconds));
  sendProblem(
    response,
    503,
    ProblemCode.overloaded,
    `Event not accepted: this API is at capacity (${limit.limit} events in flight, at most ${limit.capacity}); ` +
      `retry after ${overloadRetryAfterSeconds} s`,
  );
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
