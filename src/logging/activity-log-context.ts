import { asyncLocalStorage, type Context } from '@temporalio/activity';
import type { Logger } from 'pino';

/**
 * The workflow an activity works for, added to every line logged while it runs (pino `mixin`) — so a vendor
 * exchange logged deep in a connector still says which record it was for. Lines whose logger already carries a
 * workflow ID (a child logger bound to it) are left as they are; outside activities this adds nothing.
 */
export function activityLogContext(_object: object, _level: number, logger: Logger): object {
  const context = asyncLocalStorage.getStore() as Context | undefined;
  if (!context || 'workflowId' in logger.bindings()) return {};
  const { workflowExecution, workflowType } = context.info;
  return workflowExecution ? { workflowId: workflowExecution.workflowId, workflowType } : {};
}
