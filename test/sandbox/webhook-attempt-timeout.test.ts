import { createServer, type Server } from 'node:http';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmSandbox } from '../../sandbox/crm/create-crm-sandbox';
import { waitForDeliveries } from '../../sandbox/crm/wait-for-deliveries';
import { call, serveForTest, type ServedSandbox } from './http-test-client';

// A receiver that accepts the connection and never answers, with garbage collection running all the time: each
// delivery attempt must still end at its own timeout (issue 11, item 9: built with AbortSignal.any and
// AbortSignal.timeout, deliveries ran up to 28 s past a 10 s timeout on Node 20).
v8.setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

let receiver: Server;
let served: ServedSandbox<ReturnType<typeof createCrmSandbox>>;
let gcLoop: NodeJS.Timeout;

beforeAll(async () => {
  receiver = createServer(() => undefined);
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as { port: number }).port;
  served = await serveForTest(
    createCrmSandbox({
      webhookUrl: `http://127.0.0.1:${port}/webhooks/crm`,
      webhookRetryScheduleSeconds: [0.05],
      webhookAttemptTimeoutMs: 300,
    }),
  );
  gcLoop = setInterval(collectGarbage, 10);
});
afterAll(async () => {
  clearInterval(gcLoop);
  await served?.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('CRM webhook delivery to a receiver that never answers', () => {
  it('ends every attempt at its timeout, then retries on schedule', async () => {
    await call(served.url, 'POST', '/api/deals/deal_seed02/win', {
      headers: { authorization: 'Bearer crm_dev_key' },
    });
    // Two attempts of 300 ms each: without a timer that fires, the first would still be pending.
    const [delivery] = await waitForDeliveries(served.url, (all) => all[0]?.attempts.length === 2, {
      timeoutMs: 10_000,
    });
    expect(delivery?.attempts.map((attempt) => attempt.error)).toEqual([
      'timed out waiting for the receiver',
      'timed out waiting for the receiver',
    ]);
    expect(delivery?.status).not.toBe('delivered');
  });
});
