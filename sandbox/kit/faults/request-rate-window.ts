/**
 * What a `rate_limit` fault has seen: requests it admitted and refused, and when the first and last admitted one
 * arrived, so a test can compute the rate a client actually achieved against the limit.
 */
export interface RateLimitCounts {
  admitted: number;
  refused: number;
  /** Epoch ms of the first and last admitted request (absent until one is admitted). */
  firstAdmittedAt?: number;
  lastAdmittedAt?: number;
}

/**
 * A token bucket, as vendors' gateways count: `limit` requests per second on average, at most `limit` at once
 * after a quiet spell, never more than `limit` × (1 + seconds) over any stretch of time. A request finding no
 * token is refused.
 */
export class RequestRateWindow {
  readonly counts: RateLimitCounts = { admitted: 0, refused: 0 };
  #tokens: number;
  #refilledAt: number | undefined;

  constructor(readonly limit: number) {
    this.#tokens = limit;
  }

  /** Admits the request (true) or refuses it (false), counting either way. */
  admit(now: number = Date.now()): boolean {
    this.#refill(now);
    if (this.#tokens < 1) {
      this.counts.refused += 1;
      return false;
    }
    this.#tokens -= 1;
    this.counts.admitted += 1;
    this.counts.firstAdmittedAt ??= now;
    this.counts.lastAdmittedAt = now;
    return true;
  }

  /** Seconds until the bucket holds a token again (at least 1: Retry-After counts whole seconds). */
  secondsUntilFree(now: number = Date.now()): number {
    this.#refill(now);
    return Math.max(1, Math.ceil((1 - this.#tokens) / this.limit));
  }

  #refill(now: number): void {
    const elapsedSeconds = this.#refilledAt === undefined ? 0 : (now - this.#refilledAt) / 1_000;
    this.#tokens = Math.min(this.limit, this.#tokens + elapsedSeconds * this.limit);
    this.#refilledAt = now;
  }
}
