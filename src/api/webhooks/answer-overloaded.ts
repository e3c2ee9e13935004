import type { Response } from 'express';
import type { Logger } from '../../logging/logger';
import { ProblemCode, sendProblem } from '../problem-response';
import type { InFlightLimit } from './in-flight-limit';

/** Seconds a shed sender is asked to wait: long enough for the in-flight calls (tens of ms each) to drain. */
export const overloadRetryAfterSeconds = 1;

/** 503 + Retry-After: the event was not accepted (nothing is acknowledged), so the sender retries it. */
export function answerOverloaded(response: Response, capacity: number): void {
  response.setHeader('retry-after', String(overloadRetryAfterSeconds));
  sendProblem(
    response,
    503,
    ProblemCode.overloaded,
    `Event not accepted: this API is at capacity (${capacity} events in flight); retry after ${overloadRetryAfterSeconds} s`,
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
      { shed: this.#since, shedTotal: this.limit.shed, capacity: this.limit.capacity },
      'webhooks shed at capacity (503 + Retry-After): WEBHOOK_MAX_IN_FLIGHT reached',
    );
    this.#since = 0;
    this.#lastLoggedAt = now;
  }
}
