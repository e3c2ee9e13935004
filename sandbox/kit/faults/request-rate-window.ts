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
 * A sliding one-second window: at most `limit` requests are admitted in any 1,000 ms, as strict vendors count
 * (a fixed per-second bucket would let 2 × limit through across a bucket boundary).
 */
export class RequestRateWindow {
  readonly counts: RateLimitCounts = { admitted: 0, refused: 0 };
  /** Arrival times of the last `limit` admitted requests, oldest first. */
  readonly #admittedAt: number[] = [];

  constructor(readonly limit: number) {}

  /** Admits the request (true) or refuses it (false), counting either way. */
  admit(now: number = Date.now()): boolean {
    if (this.#admittedAt.length >= this.limit && now - this.#admittedAt[0]! < 1_000) {
      this.counts.refused += 1;
      return false;
    }
    this.#admittedAt.push(now);
    if (this.#admittedAt.length > this.limit) this.#admittedAt.shift();
    this.counts.admitted += 1;
    this.counts.firstAdmittedAt ??= now;
    this.counts.lastAdmittedAt = now;
    return true;
  }

  /** Seconds until the window admits again (at least 1: Retry-After counts whole seconds). */
  secondsUntilFree(now: number = Date.now()): number {
    const oldest = this.#admittedAt[0];
    if (oldest === undefined || this.#admittedAt.length < this.limit) return 1;
    return Math.max(1, Math.ceil((oldest + 1_000 - now) / 1_000));
  }
}
