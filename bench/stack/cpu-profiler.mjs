// Preloaded with `NODE_OPTIONS=--import …/cpu-profiler.mjs` (Node refuses --cpu-prof in NODE_OPTIONS): profiles
// the whole process with the inspector and writes a .cpuprofile when it exits. Plain JS because it loads before tsx.
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
  process.once('exit', () => {
    // An in-process inspector session answers synchronously, so this completes inside the exit handler.
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, JSON.stringify(result.profile));
    });
  });
}
