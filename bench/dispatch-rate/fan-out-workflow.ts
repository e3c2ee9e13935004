import { proxyActivities } from '@temporalio/workflow';

/** Schedules `count` no-op activities at once on `taskQueue`, as many records' writes queue behind a destination. */
export async function fanOutWorkflow(count: number, taskQueue: string): Promise<void> {
  const { noteDispatch } = proxyActivities<{ noteDispatch(index: number): Promise<void> }>({
    taskQueue,
    startToCloseTimeout: '5 minutes',
  });
  await Promise.all(Array.from({ length: count }, (_, index) => noteDispatch(index)));
}
