import { RetryAfterAdvice } from './retry-after-advice';

/**
 * A bound on the Temporal calls (signalWithStart) one API process has in flight for webhooks. At the bound a new
 * event is refused at once (503 + Retry-After, which senders retry) instead of queueing behind the others: queued
 * requests would all get slower, time out at the sender, and be sent again on top of the backlog. A refused event
 * was never acknowledged, so nothing is lost: the sender still holds it.
 *
 * The bound adapts to how fast Temporal answers, between 1 and `capacity` (WEBHOOK_MAX_IN_FLIGHT). By Little's
 * law a call waits about (calls in flight) / (calls Temporal completes per second), so a fixed bound is either too
 * high for a busy cluster (64 in flight at 40 calls/s is 1.6 s per answer) or too low for a fast one. It follows
 * TCP's congestion control, with CoDel's test for a queue: it starts at 8; while answers come within the latency
 * target and the calls in flight use at least half the bound (a bound nobody presses on says nothing about
 * Temporal), every answer raises it by one (doubling it per round trip) until the first cut, then by one per
 * round trip. It is cut by 30 % when, over half a second, even the quickest answer was slower than the target:
 * a standing queue, not one slow call (at 20 events/s on a busy machine single answers pass 50 ms all the time,
 * and cutting on them shed a third of a load the system keeps up with). The target is `latencyTargetMs`
 * (WEBHOOK_LATENCY_TARGET) or twice the quickest answer of the last minute, whichever is longer, so a cluster far
 * away (80 ms per call) is not throttled to one call at a time. Without a target (`undefined`:
 * WEBHOOK_LATENCY_TARGET=off) the bound is `capacity`, fixed.
 */
export class InFlightLimit {
  #inFlight = 0;
  #shed = 0;
  readonly #retryAfter = new RetryAfterAdvice();
  #limit: number;
  #growsFastBelow: number;
  /** The current half-second: its quickest answer and how many answers it had. */
  #window = { startedAt: Number.NEGATIVE_INFINITY, quickestMs: Number.POSITIVE_INFINITY, answers: 0 };
  readonly #quickest = new RecentMinimum(60_000);

  constructor(
    readonly capacity: number,
    private readonly latencyTargetMs: number | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#limit = latencyTargetMs === undefined ? capacity : Math.min(capacity, initialLimit);
    this.#growsFastBelow = capacity;
  }

  /** The bound right now: at most `capacity`, lower while Temporal answers slower than the target. */
  get limit(): number {
    return Math.max(1, Math.floor(this.#limit));
  }

  /**
   * True, and the request counted as shed, when the bound is reached already: checked on arrival, before the
   * body is read and its signature verified, so a request shed under overload costs next to nothing. A request
   * let through still has to take its slot with `tryAcquire` once verified (a slot is never held while a body
   * trickles in, which would let a slow sender block the others).
   */
  shedIfFull(): boolean {
    if (this.#inFlight < this.limit) return false;
    this.#countShed();
    return true;
  }

  /**
   * Takes a slot, returning its release, or undefined at the bound (the request is shed and counted). Release it
   * once Temporal has answered (or failed to): the time the slot was held adjusts the bound.
   */
  tryAcquire(): (() => void) | undefined {
    if (this.#inFlight >= this.limit) {
      this.#countShed();
      return undefined;
    }
    this.#inFlight += 1;
    const startedAt = this.now();
    const limitAtStart = this.limit;
    const inFlightAtStart = this.#inFlight;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const answeredAt = this.now();
      this.#retryAfter.answered(answeredAt);
      // Pressed: this call shared the bound with at least half as many others at its start or its end.
      const pressed = Math.max(inFlightAtStart, this.#inFlight) >= limitAtStart / 2;
      this.#inFlight -= 1;
      if (this.latencyTargetMs !== undefined) this.#adjust(startedAt, answeredAt - startedAt, pressed);
    };
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Requests shed since the process started. */
  get shed(): number {
    return this.#shed;
  }

  /** The `Retry-After` for a request shed now: the time Temporal needs for what was shed lately (retry-after-advice.ts). */
  retryAfterSeconds(): number {
    return this.#retryAfter.seconds(this.now());
  }

  #countShed(): void {
    this.#shed += 1;
    this.#retryAfter.shed(this.now());
  }

  #adjust(startedAt: number, elapsedMs: number, pressed: boolean): void {
    const endedAt = startedAt + elapsedMs;
    this.#quickest.add(elapsedMs, endedAt);
    const targetMs = Math.max(this.latencyTargetMs!, 2 * this.#quickest.value(endedAt)!);
    const window = this.#window;
    if (endedAt - window.startedAt >= standingQueueWindowMs) {
      const standingQueue = window.answers >= 3 && window.quickestMs > targetMs;
      this.#window = { startedAt: endedAt, quickestMs: elapsedMs, answers: 1 };
      if (standingQueue) {
        this.#limit = Math.max(1, this.#limit * 0.7);
        this.#growsFastBelow = this.#limit;
        return;
      }
    } else {
      window.quickestMs = Math.min(window.quickestMs, elapsedMs);
      window.answers += 1;
    }
    if (elapsedMs > targetMs || !pressed) return;
    const step = this.#limit < this.#growsFastBelow ? 1 : 1 / this.#limit;
    this.#limit = Math.min(this.capacity, this.#limit + step);
  }
}

/** How long every answer must have been slow for the bound to be cut (CoDel's interval, for tens of calls/s). */
const standingQueueWindowMs = 500;

/** Where the bound starts: low enough that a burst on a cold process does not queue, and it doubles quickly. */
const initialLimit = 8;

/** The smallest value seen in the last `windowMs` to `2 × windowMs` (two buckets, no per-sample memory). */
class RecentMinimum {
  #current: number | undefined;
  #previous: number | undefined;
  #bucketStartedAt = 0;

  constructor(private readonly windowMs: number) {}

  add(value: number, at: number): void {
    this.#rotate(at);
    this.#current = this.#current === undefined ? value : Math.min(this.#current, value);
  }

  value(at: number): number | undefined {
    this.#rotate(at);
    if (this.#current === undefined) return this.#previous;
    if (this.#previous === undefined) return this.#current;
    return Math.min(this.#current, this.#previous);
  }

  #rotate(at: number): void {
    if (at - this.#bucketStartedAt < this.windowMs) return;
    // A gap longer than two windows forgets both buckets.
    this.#previous = at - this.#bucketStartedAt < 2 * this.windowMs ? this.#current : undefined;
    this.#current = undefined;
    this.#bucketStartedAt = at;
  }
}
