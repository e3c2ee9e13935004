/**
 * A bound on the Temporal calls (signalWithStart) one API process has in flight for webhooks. At capacity a new
 * event is refused at once (503 + Retry-After, which senders retry) instead of queueing behind the others: queued
 * requests would all get slower, time out at the sender, and be sent again on top of the backlog. A refused event
 * was never acknowledged, so nothing is lost: the sender still holds it.
 */
export class InFlightLimit {
  #inFlight = 0;
  #shed = 0;

  constructor(readonly capacity: number) {}

  /** Takes a slot, returning its release, or undefined at capacity (the request is shed and counted). */
  tryAcquire(): (() => void) | undefined {
    if (this.#inFlight >= this.capacity) {
      this.#shed += 1;
      return undefined;
    }
    this.#inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
    };
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Requests shed since the process started. */
  get shed(): number {
    return this.#shed;
  }
}
