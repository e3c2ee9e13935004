/** The abort signal of one outgoing call: its own timeout, plus the caller's cancellation when given. */
export interface CallDeadline {
  signal: AbortSignal;
  /** True once the timeout (not the caller) aborted the call. */
  timedOut(): boolean;
  /** Stops the timer and forgets the caller's signal; call when the call has settled. */
  release(): void;
}

/**
 * Replaces `AbortSignal.any([AbortSignal.timeout(ms), caller])`: on Node 20 that combined signal can be garbage
 * collected before its timer fires, and the call then hangs far past its timeout (a sandbox delivery ran 28 s
 * past a 10 s timeout). Here the timer's closure holds the controller, so the timeout fires on time whatever
 * the garbage collector does; `release()` must run when the call settles.
 */
export function startCallDeadline(timeoutMs: number, callerSignal?: AbortSignal): CallDeadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const forwardCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) forwardCallerAbort();
  else callerSignal?.addEventListener('abort', forwardCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    release() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', forwardCallerAbort);
    },
  };
}
