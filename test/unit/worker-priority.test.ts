import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Run in a child process: a nice value cannot be lowered back without privileges, and the test runner's own
// threads must keep theirs.
interface ThreadsAfter {
  /** Nice value of every thread of the child. */
  priorities: number[];
  /** Scheduling policy of every thread (/proc/…/stat field 41): 0 SCHED_OTHER, 5 SCHED_IDLE. */
  policies: number[];
  logged: string[];
}

function threadPrioritiesAfter(
  priority: number | 'idle',
  env: NodeJS.ProcessEnv = process.env,
): ThreadsAfter {
  const script = `
    import { getPriority } from 'node:os';
    import { readdirSync, readFileSync } from 'node:fs';
    import { Worker } from 'node:worker_threads';
    import { lowerWorkerPriority } from './src/temporal/worker-priority.ts';
    const logged = [];
    const logger = { info: (_fields, message) => logged.push(message), warn: (_fields, message) => logged.push(message) };
    lowerWorkerPriority(${JSON.stringify(priority)}, logger);
    // Started afterwards, as the SDK starts its workflow thread: it must inherit the priority.
    const thread = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((resolve) => thread.once('online', resolve));
    const tasks = readdirSync('/proc/self/task');
    const priorities = tasks.map((task) => getPriority(Number(task)));
    // Fields after the command name (in parentheses); the policy is field 41 of the whole line.
    const policies = tasks.map((task) =>
      Number(readFileSync('/proc/self/task/' + task + '/stat', 'utf8').split(') ')[1].split(' ')[38]),
    );
    await thread.terminate();
    console.log(JSON.stringify({ priorities, policies, logged }));
  `;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url),
    encoding: 'utf8',
    env,
  });
  return JSON.parse(output.trim().split('\n').at(-1)!) as ThreadsAfter;
}

/** Linux scheduling policies as /proc reports them. */
const sched = { other: 0, idle: 5 };

describe.runIf(process.platform === 'linux')("the worker's CPU priority (WORKER_NICE)", () => {
  it('sets every thread, and threads started afterwards inherit it', () => {
    const { priorities, policies, logged } = threadPrioritiesAfter(10);
    expect(new Set(policies)).toEqual(new Set([sched.other]));
    // The main thread, V8's platform threads, libuv's and the new worker thread.
    expect(priorities.length).toBeGreaterThan(3);
    expect(new Set(priorities)).toEqual(new Set([10]));
    expect(logged).toEqual(['worker runs at a lower CPU priority than the API (WORKER_NICE)']);
  });

  it('idle puts every thread under SCHED_IDLE, and threads started afterwards inherit it', () => {
    const { policies, logged } = threadPrioritiesAfter('idle');
    expect(policies.length).toBeGreaterThan(3);
    expect(new Set(policies)).toEqual(new Set([sched.idle]));
    expect(logged).toEqual([
      'worker runs only on cores the API and Temporal leave idle (WORKER_NICE=idle, SCHED_IDLE)',
    ]);
  });

  it('idle without chrt says so and falls back to nice 19', () => {
    const { priorities, policies, logged } = threadPrioritiesAfter('idle', { ...process.env, PATH: '' });
    expect(new Set(policies)).toEqual(new Set([sched.other]));
    expect(new Set(priorities)).toEqual(new Set([19]));
    expect(logged).toEqual([
      'SCHED_IDLE unavailable for the worker (WORKER_NICE=idle): runs at nice 19 instead',
      'worker runs at a lower CPU priority than the API (WORKER_NICE)',
    ]);
  });

  it('0 leaves the worker as started', () => {
    const { priorities, policies, logged } = threadPrioritiesAfter(0);
    expect(new Set(priorities)).toEqual(new Set([0]));
    expect(new Set(policies)).toEqual(new Set([sched.other]));
    expect(logged).toEqual([]);
  });
});
