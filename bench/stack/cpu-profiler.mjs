// Preloaded with `NODE_OPTIONS=--import …/cpu-profiler.mjs` (Node refuses --cpu-prof in NODE_OPTIONS): profiles
// the whole process with the inspector and writes a .cpuprofile when it is told to stop or exits. Plain JS because
// it loads before tsx.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const target = process.env.BENCH_CPU_PROFILE;
if (target) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // An in-process inspector session answers synchronously, so this completes inside the handler.
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, JSON.stringify(result.profile));
    });
  };
  process.once('exit', write);
  // The bench stops its processes with SIGTERM and kills them 10 s later. A worker's graceful shutdown (in-flight
  // activities, WORKER_SHUTDOWN_GRACE) can outlast that, and a killed process runs no exit handler: write at once.
  process.once('SIGTERM', () => {
    write();
    // Without a handler of its own the process would have ended on SIGTERM: let it.
    if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
  });
}
