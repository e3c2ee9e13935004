import type { Client } from '@temporalio/client';

export class TemporalDeadlineExceeded extends Error {
  override readonly name = 'TemporalDeadlineExceeded';
}

/**
 * Runs a Temporal client call that must answer within `deadlineMs`, or rejects at that moment with
 * `TemporalDeadlineExceeded`. The gRPC deadline alone is not enough: the client's retry interceptor may be
 * sleeping between attempts when it passes (answers came 1.6 s late). The call is cancelled; if it lands anyway,
 * that is harmless for an idempotent call (a signal the workflow dedupes, a start that already exists).
 */
export async function callTemporalWithin<T>(
  client: Client,
  deadlineMs: number,
  call: () => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new TemporalDeadlineExceeded(`Temporal did not answer within ${deadlineMs} ms`);
      controller.abort(error);
      reject(error);
    }, deadlineMs);
  });
  const attempt = client.withDeadline(Date.now() + deadlineMs, () =>
    client.withAbortSignal(controller.signal, call),
  );
  attempt.catch(() => undefined); // settled after the deadline: nobody listens any more
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
