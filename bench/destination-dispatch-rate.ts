// `npm run bench:dispatch-rate [-- --activities 300] [--limit 10]`: the rate at which the Temporal dev server
// dispatches a backlog of activities from a task queue polled with `maxTaskQueueActivitiesPerSecond` — the
// mechanism behind flow control per destination (src/flow-control/) — with nothing else in the way: no-op
// activities, no vendor, one worker. Runs twice, each on its own dev server: with Temporal's default task-queue
// partitions (4) and with Loudwire's dynamic config (src/temporal/server-dynamic-config.ts, 1 partition), so the
// figures show what partitions do to a per-queue rate limit. Prints the dispatched rate over the drain.
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { loudwireDynamicConfig } from '../src/temporal/server-dynamic-config';
import { temporalCliPath } from '../src/temporal/temporal-cli-path';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const activityCount = argument('activities', 300);
const limitPerSecond = argument('limit', 10);
const print = (line: string) => process.stdout.write(`${line}\n`);
// Only the figures: the workers' and bundler's lines (and the activity-only worker's warning that it polls no
// workflows) would bury them.
Runtime.install({ logger: new DefaultLogger('ERROR') });

interface DrainFigures {
  dispatched: number;
  seconds: number;
  perSecond: number;
  busiestSecond: number;
}

/** Dev-server arguments: Loudwire's dynamic config, optionally without its partition settings. */
function serverArgs(partitionsAsLoudwireSets: boolean): string[] {
  return Object.entries(loudwireDynamicConfig)
    .filter(([key]) => partitionsAsLoudwireSets || !key.startsWith('matching.numTaskqueue'))
    .flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${value}`]);
}

async function measureDrain(partitionsAsLoudwireSets: boolean): Promise<DrainFigures> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      extraArgs: serverArgs(partitionsAsLoudwireSets),
      log: { format: 'pretty', level: 'error' },
    },
  });
  try {
    const workflowQueue = `dispatch-rate-${randomUUID()}`;
    const destinationQueue = `${workflowQueue}/destination`;
    const workflowWorker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: workflowQueue,
      workflowsPath: new URL('./dispatch-rate/fan-out-workflow.ts', import.meta.url).pathname,
    });
    const dispatchedAt: number[] = [];
    await workflowWorker.runUntil(async () => {
      const handle = await env.client.workflow.start('fanOutWorkflow', {
        taskQueue: workflowQueue,
        workflowId: `fan-out-${randomUUID()}`,
        args: [activityCount, destinationQueue],
      });
      // Let the whole backlog be scheduled before the destination's worker polls, as the flow test does.
      await waitForScheduled(env, handle.workflowId, activityCount);
      const destinationWorker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: destinationQueue,
        activities: {
          async noteDispatch() {
            dispatchedAt.push(Date.now());
          },
        },
        maxTaskQueueActivitiesPerSecond: limitPerSecond,
        maxConcurrentActivityTaskExecutions: Math.max(10, limitPerSecond * 4),
      });
      await destinationWorker.runUntil(handle.result());
    });
    const first = Math.min(...dispatchedAt);
    const last = Math.max(...dispatchedAt);
    const perSecondBuckets = new Map<number, number>();
    for (const at of dispatchedAt) {
      const second = Math.floor((at - first) / 1_000);
      perSecondBuckets.set(second, (perSecondBuckets.get(second) ?? 0) + 1);
    }
    const seconds = (last - first) / 1_000;
    return {
      dispatched: dispatchedAt.length,
      seconds,
      perSecond: (dispatchedAt.length - 1) / seconds,
      busiestSecond: Math.max(...perSecondBuckets.values()),
    };
  } finally {
    await env.teardown();
  }
}

async function waitForScheduled(env: TestWorkflowEnvironment, workflowId: string, count: number) {
  for (;;) {
    const description = await env.client.workflow.getHandle(workflowId).describe();
    if ((description.raw.pendingActivities?.length ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const loadBefore = (await import('node:os')).loadavg()[0]!.toFixed(1);
print(`dispatch rate of ${activityCount} no-op activities from a queue limited to ${limitPerSecond}/s`);
print(`(1-minute load average before: ${loadBefore}; the machine's other work shows in these figures)`);
for (const [label, loudwire] of [
  ['Temporal default partitions (4)', false],
  ['Loudwire dynamic config (1 partition)', true],
] as const) {
  const figures = await measureDrain(loudwire);
  const offBy = ((figures.perSecond - limitPerSecond) / limitPerSecond) * 100;
  print(
    `${label.padEnd(40)} ${figures.dispatched} dispatched in ${figures.seconds.toFixed(1)} s = ` +
      `${figures.perSecond.toFixed(2)}/s (${offBy >= 0 ? '+' : ''}${offBy.toFixed(1)} % of the limit), ` +
      `busiest second ${figures.busiestSecond}`,
  );
}
