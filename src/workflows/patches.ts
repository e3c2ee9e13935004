/**
 * Patch IDs of workflow changes that alter the command sequence (README.md, "Deploying a change"). Call
 * `patched(id)` at the start of a run, before the first local activity, and keep the answer for the run.
 * Each stays here, with the code behind `patched(id)`, until no open history predates it; then the old branch
 * is removed and the call becomes `deprecatePatch(id)` for one more release, then disappears.
 */
export const patches = {
  /** Unversioned events in arrival order, version ties by instant (issue 11, item 8). Added 2026-12-01. */
  documentedEventOrder: 'documented-event-order',
  /** Approval alerts go through the record's AlertDelivery instead of being awaited (issue 11, item 4). */
  approvalAlertsNeverBlock: 'approval-alerts-never-block',
  /** Source events count only when the Loudwire API encrypted them (issue 14). */
  trustedSourceEvents: 'trusted-source-events',
  /**
   * The parked reason search attribute masks values: the codec cannot encrypt search attributes (issue 14). The
   * class and tsvector-safe reason (`searchable-parked-reason`, issue 16) and the lifecycle patches (issue 13)
   * keep their IDs next to their code; all are decided at the start of a run.
   */
  valueFreeParkedReason: 'value-free-parked-reason',
} as const;
