import { workflowInfo } from '@temporalio/workflow';

/**
 * Whether a long-lived workflow should continue as new now: the server suggests it (its history nears the
 * server's limits), or the history has reached `afterEvents` events (CONTINUE_AS_NEW_AFTER_EVENTS), the bound
 * that keeps every replay of it short. Reads the workflow's info only, so it adds nothing to the history.
 */
export function continueAsNewDue(afterEvents: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= afterEvents;
}
