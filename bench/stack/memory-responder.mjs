// Preloaded (`node --import …/memory-responder.mjs dist/worker.js`) into the compiled worker under test: answers
// `{type: 'memory'}` over IPC with the process's memory after a full GC, as loudwire-worker-process.ts does for
// workers started from source, so the benchmark can tell the JavaScript heap from native memory.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');
process.on('message', (message) => {
  if (message?.type !== 'memory') return;
  collectGarbage();
  process.send?.({ type: 'memory', memory: process.memoryUsage() });
});
