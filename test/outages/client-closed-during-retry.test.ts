import { afterEach, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/config/environment';
import { lazyTemporalClient } from '../../src/temporal/connect-temporal-client';
import { freePort } from '../support/free-port';
import { startTcpGate, type TcpGate } from '../support/tcp-gate';

// The Temporal client retries UNAVAILABLE calls from a timer. Closing the connection while such a retry sleeps
// (the API shutting down during a Temporal outage) used to make the timer throw "Channel has been shut down"
// as an uncaught exception: a crash at shutdown, and a red CI run (vitest reports it as an unhandled error).

let gate: TcpGate | undefined;
afterEach(async () => {
  await gate?.close();
});

describe('closing the Temporal client while a call waits to retry', () => {
  it('rejects that call instead of throwing from the retry timer', async () => {
    gate = await startTcpGate('127.0.0.1:1', 'closed', await freePort());
    const env = loadEnvironment({ NODE_ENV: 'test', TEMPORAL_ADDRESS: gate.address });
    const temporal = lazyTemporalClient(env);
    const uncaught: unknown[] = [];
    const recordUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', recordUncaught);
    try {
      const call = temporal.client.workflowService.getSystemInfo({});
      const settled = call.then(
        () => 'answered',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      // The first attempt is refused at once; the retry interceptor then sleeps about 100 ms × 1.7^n.
      await new Promise((resolve) => setTimeout(resolve, 150));
      await temporal.close();
      // A call left pending forever is the other half of the bug: it must settle within a few seconds.
      const outcome = await Promise.race([
        settled,
        new Promise((resolve) => setTimeout(() => resolve('still pending after 5 s'), 5_000)),
      ]);
      // Let any retry timer still scheduled fire.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(uncaught).toEqual([]);
      expect(outcome).toMatch(/connection closed|cancel/i);
    } finally {
      process.off('uncaughtException', recordUncaught);
    }
  });
});
