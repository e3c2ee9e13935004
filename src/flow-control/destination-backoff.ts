import { FailureClass, TargetFailure } from '../systems/kit/target-failure';

/** What one activity attempt has left to spend, and how it waits (Temporal's Context in an activity). */
export interface AttemptBudget {
  /** Epoch ms at which the attempt's start-to-close timeout ends. */
  deadline: number;
  /** Time one write needs once it starts (its calls' timeouts): never waited away. */
  reserveMs: number;
  /** A cancellable sleep that keeps the attempt alive (heartbeats). */
  sleep(ms: number): Promise<void>;
}

/** Where writes go, as the backoff sees it. */
export interface BackoffDestination {
  /** The rate-limited destination (`project-tool/projects`), or the target's system when none is limited. */
  key: string;
  /** Time between writes while a backlog drains: 1 s / the destination's rate, 0 when it has none. */
  spacingMs: number;
}

/** Without a Retry-After, a 429 pauses its destination this long. */
const defaultPauseMs = 1_000;
/** 429s of one destination within one Retry-After that pause all its writes (fewer: only the refused ones wait). */
const refusalsThatPause = 3;
/** Without a rate limit to pace by, writes resume from a pause spread over this much. */
const resumeSpreadMs = 250;

/**
 * A vendor's 429 slows the whole destination in this process instead of spending each record's attempts: the
 * destination pauses for the vendor's Retry-After, every write to it waits out the pause inside its attempt
 * (heartbeating), and the refused write tries again within the same attempt. A single 429 (requests bunching up
 * by a few milliseconds) makes only the refused write wait; several within one Retry-After pause the destination.
 * Writes to a rate-limited destination always go one at a time at its rate, a pause or not: the Temporal server
 * dispatches them at that rate on average but in bursts (its own token bucket, and whatever a busy worker
 * delays), and a burst the vendor's bucket cannot take earns 429s whose whole-second Retry-After then leaves the
 * destination idle. Only when an attempt has no time left for its wait plus a whole write does the 429 go to
 * Temporal as a failed attempt, retried after Retry-After by the target's retry policy. Across processes, the
 * destination's task-queue rate limit (destination-task-queues.ts) keeps to the vendor's budget; this smooths
 * this worker's share and handles what the vendor still refuses.
 */
export class DestinationBackoff {
  readonly #pausedUntil = new Map<string, number>();
  /** The earliest time the next write of a rate-limited destination may go. */
  readonly #nextTurn = new Map<string, number>();
  /** When each destination's recent 429s arrived. */
  readonly #refusals = new Map<string, number[]>();

  constructor(
    private readonly onPause: (destination: string, pauseMs: number) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `write` against `destination`, waiting out its pauses and retrying its 429s within `budget`. */
  async run<T>(
    { key: destination, spacingMs }: BackoffDestination,
    budget: AttemptBudget,
    write: () => Promise<T>,
  ): Promise<T> {
    for (;;) {
      await this.#waitForTurn(destination, budget, spacingMs);
      try {
        return await write();
      } catch (error) {
        if (!(error instanceof TargetFailure) || error.failureClass !== FailureClass.rateLimited) throw error;
        const pauseMs = error.details.retryAfterMs ?? defaultPauseMs;
        if (this.#timeLeft(budget) < pauseMs + budget.reserveMs) throw error;
        // One 429 is this write's (requests bunch up by a few ms even at a paced rate): it alone waits. Several
        // within one Retry-After mean the vendor is full: the whole destination pauses.
        if (this.#refusedRecently(destination, pauseMs) >= refusalsThatPause)
          this.#pause(destination, pauseMs);
        else await budget.sleep(pauseMs);
      }
    }
  }

  /** Epoch ms until which the destination is paused, if it is. */
  pausedUntil(destination: string): number | undefined {
    const until = this.#pausedUntil.get(destination);
    return until !== undefined && until > this.now() ? until : undefined;
  }

  /** Counts this 429 and returns how many the destination got within the last `windowMs`. */
  #refusedRecently(destination: string, windowMs: number): number {
    const now = this.now();
    const recent = (this.#refusals.get(destination) ?? []).filter((at) => now - at < windowMs);
    recent.push(now);
    this.#refusals.set(destination, recent);
    return recent.length;
  }

  #pause(destination: string, pauseMs: number): void {
    const until = this.now() + pauseMs;
    if ((this.#pausedUntil.get(destination) ?? 0) >= until) return;
    this.#pausedUntil.set(destination, until);
    this.onPause(destination, pauseMs);
  }

  async #waitForTurn(destination: string, budget: AttemptBudget, spacingMs: number): Promise<void> {
    const now = this.now();
    const pausedUntil = this.#pausedUntil.get(destination) ?? 0;
    let waitMs: number;
    if (spacingMs > 0) {
      // Rate-limited: every write takes the next turn, one spacing after the one before (or the pause's end).
      const turn = Math.max(now, pausedUntil, this.#nextTurn.get(destination) ?? 0);
      this.#nextTurn.set(destination, turn + spacingMs);
      waitMs = turn - now;
    } else {
      if (pausedUntil <= now) return; // no limit, no pause: write at once
      waitMs = pausedUntil - now + Math.random() * resumeSpreadMs;
    }
    // Never wait away the time the write itself needs: past that, try, and let a 429 fail the attempt.
    waitMs = Math.min(waitMs, this.#timeLeft(budget) - budget.reserveMs);
    if (waitMs > 0) await budget.sleep(waitMs);
  }

  #timeLeft(budget: AttemptBudget): number {
    return budget.deadline - this.now();
  }
}
