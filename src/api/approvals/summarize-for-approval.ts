import type { ApprovalSummary } from '../../approvals/approval-policy';
import { getIntegration } from '../../integrations/registry';
import type { ApprovalRequestView } from '../../workflows/approval-messages';

/** What the approval page and API show of a record: its integration's summary, or its key when it has none. */
export function summarizeForApproval(view: ApprovalRequestView): ApprovalSummary {
  const summarize = getIntegration(view.integration)?.approval?.summarize;
  return summarize
    ? summarize(view.canonical)
    : { title: `${view.integration} · ${view.recordKey}`, facts: [] };
}
