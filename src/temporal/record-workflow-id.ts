/**
 * The workflow ID of one source record: `<integration>:<source>:<recordKey>`. Record keys are the source system's
 * opaque IDs (checked against a safe character set by the integration's `identify`), never names or emails,
 * so the ID — visible in the Web UI, logs and alerts — carries no personal data.
 */
export function recordWorkflowId(integration: string, source: string, recordKey: string): string {
  return `${integration}:${source}:${recordKey}`;
}

/** The record key of a record workflow's ID (the inverse of {@link recordWorkflowId}); undefined if malformed. */
export function recordKeyOfWorkflowId(workflowId: string): string | undefined {
  const parts = workflowId.split(':');
  return parts.length === 3 && parts.every((part) => part.length > 0) ? parts[2] : undefined;
}
