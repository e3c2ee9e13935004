import { createServer, type Server } from 'node:http';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeHttp } from '../../src/systems/kit/http-exchange';
import { FailureClass, TargetFailure } from '../../src/systems/kit/target-failure';

// A vendor that accepts the connection and never answers. Garbage collection runs all the time, as it does in a
// busy worker: on Node 20 a signal built with AbortSignal.any(AbortSignal.timeout(…), caller) can be collected
// before its timer fires, and the call then hangs far past its timeout.
v8.setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

let server: Server;
let url: string;
let gcLoop: NodeJS.Timeout;

beforeAll(async () => {
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v2/projects`;
  gcLoop = setInterval(collectGarbage, 10);
});
afterAll(async () => {
  clearInterval(gcLoop);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Fails the test if the call is still pending long after its timeout (it would otherwise hang forever). */
function settledWithin<T>(call: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    call,
    new Promise<never>((_resolve, reject) => {
      setTimeout(() => reject(new Error(`still pending ${ms} ms later: the timeout never fired`)), ms);
    }),
  ]);
}

describe('exchangeHttp timeouts against a server that never answers', () => {
  it('fires with a caller signal combined, under constant garbage collection', async () => {
    const caller = new AbortController();
    const call = exchangeHttp({ method: 'GET', url, timeoutMs: 300, signal: caller.signal });
    const failure = await settledWithin(call, 5_000).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TargetFailure);
    expect(failure).toMatchObject({ failureClass: FailureClass.timeout });
    expect((failure as Error).message).toContain('no answer within 300 ms');
  });

  it('fires without a caller signal too', async () => {
    const failure = await settledWithin(exchangeHttp({ method: 'GET', url, timeoutMs: 300 }), 5_000).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ failureClass: FailureClass.timeout });
  });

  it("the caller's abort (activity cancellation) wins over the timeout and keeps its reason", async () => {
    const caller = new AbortController();
    const call = exchangeHttp({ method: 'GET', url, timeoutMs: 60_000, signal: caller.signal });
    setTimeout(() => caller.abort(new Error('activity cancelled')), 100);
    await expect(settledWithin(call, 5_000)).rejects.toThrow('activity cancelled');
  });
});
