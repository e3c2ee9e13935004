import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Run in a child process: a nice value cannot be lowered back without privileges, and the test runner's own
// threads must keep theirs.
function threadPrioritiesAfter(nice: number): { priorities: number[]; logged: string[] } {
  const script = `
    import { getPriority } from 'node:os';
    import { readdirSync } from 'node:fs';
    import { Worker } from 'node:worker_threads';
    import { lowerWorkerPriority } from './src/temporal/worker-priority.ts';
    const logged = [];
    const logger = { info: (_fields, message) => logged.push(message), warn: (_fields, message) => logged.push(message) };
    lowerWorkerPriority(${nice}, logger);
    // Started afterwards, as the SDK starts its workflow thread: it must inherit the priority.
    const thread = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((resolve) => thread.once('online', resolve));
    const priorities = readdirSync('/proc/self/task').map((task) => getPriority(Number(task)));
    await thread.terminate();
    console.log(JSON.stringify({ priorities, logged }));
  `;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url),
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').at(-1)!) as { priorities: number[]; logged: string[] };
}

describe.runIf(process.platform === 'linux')("the worker's CPU priority (WORKER_NICE)", () => {
  it('sets every thread, and threads started afterwards inherit it', () => {
    const { priorities, logged } = threadPrioritiesAfter(10);
    // The main thread, V8's platform threads, libuv's and the new worker thread.
    expect(priorities.length).toBeGreaterThan(3);
    expect(new Set(priorities)).toEqual(new Set([10]));
    expect(logged).toEqual(['worker runs at a lower CPU priority than the API (WORKER_NICE)']);
  });

  it('0 leaves the worker as started', () => {
    const { priorities, logged } = threadPrioritiesAfter(0);
    expect(new Set(priorities)).toEqual(new Set([0]));
    expect(logged).toEqual([]);
  });
});
