import { Context } from '@temporalio/activity';
import type { LoudwireEnvironment } from '../config/environment';
import type { AttemptBudget } from './destination-backoff';

/**
 * The current write attempt's budget: its start-to-close timeout from now, keeping two calls' timeouts for the
 * write itself. Waits heartbeat, so the Web UI shows the attempt alive while it waits out a vendor's Retry-After;
 * a local first attempt (src/workflows/target-write.ts) has no heartbeat: its workflow task shows it alive.
 */
export function writeAttemptBudget(env: LoudwireEnvironment): AttemptBudget {
  const context = Context.current();
  return {
    deadline: Date.now() + context.info.startToCloseTimeoutMs,
    reserveMs: env.TARGET_HTTP_TIMEOUT * 2,
    async sleep(ms) {
      if (!context.info.isLocal) context.heartbeat({ waitingForRateLimitMs: Math.round(ms) });
      await context.sleep(ms);
    },
  };
}
