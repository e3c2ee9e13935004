import type { ApprovalRequestView } from '../../workflows/approval-messages';

/** Most views kept; a listing shows at most 200, so this holds several listings' worth. */
const maxEntries = 2_000;

/**
 * Approval views already read, so a listing queries only the approvals that are new or changed since the last
 * one — not every approval every time (a query waits for a worker; with many approvals and a busy worker, a
 * listing that asked each of them timed out). A view is current while its workflow's approval memo (request ID,
 * state, active group: the approval gate re-publishes it on every change) is unchanged. Concurrent listings share
 * one query per approval.
 */
export class ApprovalViewCache {
  readonly #entries = new Map<string, { version: string; view: Promise<ApprovalRequestView | undefined> }>();

  /**
   * The view of `workflowId` at `version` (the memo's fingerprint; undefined when the workflow has no memo yet,
   * which is never cached), loading it when not known.
   */
  read(
    workflowId: string,
    version: string | undefined,
    load: () => Promise<ApprovalRequestView | undefined>,
  ): Promise<ApprovalRequestView | undefined> {
    const known = this.#entries.get(workflowId);
    if (version !== undefined && known?.version === version) return known.view;
    const view = load().catch(() => undefined);
    if (version === undefined) return view;
    const entry = { version, view };
    this.#entries.delete(workflowId);
    this.#entries.set(workflowId, entry);
    if (this.#entries.size > maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    // A failed read is retried by the next listing.
    void view.then((loaded) => {
      if (loaded === undefined && this.#entries.get(workflowId) === entry) this.#entries.delete(workflowId);
    });
    return view;
  }
}

/** The fingerprint of an approval memo (`{approval: {requestId, state, group}}`), or undefined without one. */
export function approvalMemoVersion(memo: Record<string, unknown> | undefined): string | undefined {
  const approval = memo?.approval as { requestId?: unknown; state?: unknown; group?: unknown } | undefined;
  if (typeof approval?.requestId !== 'string') return undefined;
  return JSON.stringify([approval.requestId, approval.state, approval.group]);
}
