// Preloaded (`node --import …/memory-responder.mjs dist/worker.js`) into the compiled worker under test: answers
// `{type: 'memory'}` over IPC with the process's memory after a full GC, as loudwire-worker-process.ts does for
// workers started from source, so the benchmark can tell the JavaScript heap from native memory. It also reads the
// heap of each worker thread (the SDK runs workflows in one) through the inspector, which `process.memoryUsage()`
// cannot see.
import { Session } from 'node:inspector';
import { setFlagsFromString } from 'node:v8';
import { setTimeout as delay } from 'node:timers/promises';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');
process.on('message', (message) => {
  if (message?.type !== 'memory') return;
  void workerThreadHeaps().then(
    (workerThreads) => {
      collectGarbage();
      process.send?.({ type: 'memory', memory: process.memoryUsage(), workerThreads });
    },
    (error) => {
      collectGarbage();
      process.send?.({ type: 'memory', memory: process.memoryUsage(), workerThreadsError: String(error) });
    },
  );
});

/** Each worker thread's V8 heap after a full GC in it: `{usedSize, totalSize}` in bytes. */
async function workerThreadHeaps() {
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  const attached = [];
  session.on('NodeWorker.attachedToWorker', ({ params }) => attached.push(params.sessionId));
  let nextId = 1;
  const pending = new Map();
  session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => {
    const reply = JSON.parse(params.message);
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.error) waiting.reject(new Error(reply.error.message));
    else waiting.resolve(reply.result);
  });
  const askWorker = (sessionId, method) => {
    const id = nextId++;
    const answer = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    void post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method }) });
    return answer;
  };
  try {
    await post('NodeWorker.enable', { waitForDebuggerOnStart: false });
    // Attach events for threads already running arrive right after enabling.
    await delay(200);
    const heaps = [];
    for (const sessionId of attached) {
      await askWorker(sessionId, 'HeapProfiler.collectGarbage');
      heaps.push(await askWorker(sessionId, 'Runtime.getHeapUsage'));
    }
    return heaps;
  } finally {
    await post('NodeWorker.disable').catch(() => undefined);
    session.disconnect();
  }
}
