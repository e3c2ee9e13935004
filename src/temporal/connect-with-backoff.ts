import type { Logger } from '../logging/logger';

/** How long to wait between attempts to reach Temporal. */
export interface ReconnectDelays {
  /** @default 500 */
  initialMs: number;
  /** Attempts double their delay up to this. @default 30000 */
  maxMs: number;
  /** One attempt that has not connected by then counts as failed (a hung host never refuses). @default 10000 */
  attemptTimeoutMs: number;
}

export const defaultReconnectDelays: ReconnectDelays = {
  initialMs: 500,
  maxMs: 30_000,
  attemptTimeoutMs: 10_000,
};

export class ConnectAborted extends Error {
  override readonly name = 'ConnectAborted';
}

/**
 * Calls `connect` until it succeeds, waiting longer after each failure (doubling, capped), and says so in the
 * log on every failure and once more when Temporal is back. A deploy that starts Loudwire before Temporal, or a
 * Temporal outage at start-up, then costs a delay instead of a crashed process waiting for a supervisor.
 * Rejects with `ConnectAborted` only when `signal` aborts (the process is stopping).
 */
export async function connectWithBackoff<T>(
  connect: () => Promise<T>,
  options: {
    logger: Logger;
    address: string;
    /** Who is connecting (`api`, `worker`), on every log line. */
    connecting: string;
    signal?: AbortSignal;
    delays?: Partial<ReconnectDelays>;
    /** Releases a connection that arrived after its attempt had already timed out. */
    discardLate?: (late: T) => void;
  },
): Promise<T> {
  const { logger, address, connecting, signal } = options;
  const delays = { ...defaultReconnectDelays, ...options.delays };
  let delayMs = delays.initialMs;
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw new ConnectAborted(`Stopped while connecting to Temporal at ${address}`);
    try {
      const connected = await withinTimeout(connect(), delays.attemptTimeoutMs, options.discardLate);
      if (attempt > 1)
        logger.info({ connecting, temporal: address, attempts: attempt }, 'Temporal reachable again');
      return connected;
    } catch (error) {
      logger.warn(
        { connecting, temporal: address, attempt, retryInMs: delayMs, error: String(error) },
        'Temporal unreachable; retrying',
      );
    }
    await sleep(delayMs, signal);
    delayMs = Math.min(delayMs * 2, delays.maxMs);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function withinTimeout<T>(
  attempt: Promise<T>,
  timeoutMs: number,
  discardLate?: (late: T) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    attempt.then(
      (value) => {
        clearTimeout(timer);
        if (timedOut) discardLate?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
