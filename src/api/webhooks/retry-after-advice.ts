/**
 * How long a shed sender is asked to wait (`Retry-After`), from what this API process shed and what Temporal
 * answered over the last few seconds: the time Temporal needs, at the rate it answered, to take the events shed
 * in that time, between 1 s and `maxSeconds`.
 *
 * A fixed 1 s brings every shed event back a second later on top of the new ones. At 400/s offered and ~30/s
 * taken, the API answered six requests for each new event (bench overload phase: 21,255 retries of 3,601 shed
 * events after 4,000 first attempts), spent its one thread on them, and shed answers took p50 2.3 s. Spread over the time
 * Temporal needs for them, the retries arrive about as fast as Temporal takes events, and the new events keep
 * the API's thread.
 *
 * No answer yet in the window means no measure of Temporal's rate: the advice is then the minimum, 1 s (the
 * in-flight bound alone keeps Temporal's load bounded). A deadline that ends a call counts as its answer, so
 * a silent Temporal's rate is measured too (8 calls per 2 s deadline: 4/s).
 */
export class RetryAfterAdvice {
  /** One bucket per second of the window, oldest first. */
  #buckets: { second: number; shed: number; answered: number }[] = [];

  constructor(
    private readonly windowSeconds = 5,
    private readonly maxSeconds = 30,
  ) {}

  shed(nowMs: number): void {
    this.#bucketAt(nowMs).shed += 1;
  }

  answered(nowMs: number): void {
    this.#bucketAt(nowMs).answered += 1;
  }

  /** Whole seconds (as `Retry-After` takes them) for a sender shed now. */
  seconds(nowMs: number): number {
    this.#forgetBefore(Math.floor(nowMs / 1000) - this.windowSeconds + 1);
    let shed = 0;
    let answered = 0;
    for (const bucket of this.#buckets) {
      shed += bucket.shed;
      answered += bucket.answered;
    }
    if (answered === 0 || this.#buckets.length === 0) return 1;
    // The window's length so far: a burst on a quiet process is measured over its own seconds, not five.
    const spannedSeconds = Math.floor(nowMs / 1000) - this.#buckets[0]!.second + 1;
    const answeredPerSecond = answered / spannedSeconds;
    return Math.min(this.maxSeconds, Math.max(1, Math.ceil(shed / answeredPerSecond)));
  }

  #bucketAt(nowMs: number) {
    const second = Math.floor(nowMs / 1000);
    const last = this.#buckets.at(-1);
    if (last?.second === second) return last;
    this.#forgetBefore(second - this.windowSeconds + 1);
    const bucket = { second, shed: 0, answered: 0 };
    this.#buckets.push(bucket);
    return bucket;
  }

  #forgetBefore(second: number): void {
    while (this.#buckets.length > 0 && this.#buckets[0]!.second < second) this.#buckets.shift();
  }
}
