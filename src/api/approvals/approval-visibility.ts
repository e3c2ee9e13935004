import type { ApprovalRequestView, ApproverIdentity } from '../../workflows/approval-messages';

/**
 * Whether an approver may see an approval at all: only members of a group in its policy's stages (the groups that
 * decide now or later). Everyone else learns nothing, not even that it exists (404), because an approval shows the
 * deal, its amount and the owner's and contact's details. There is no operator role here on purpose: operators
 * work in the Temporal Web UI and with `loudwire parked`, never with an approver token.
 */
export function mayViewApproval(view: ApprovalRequestView, approver: ApproverIdentity): boolean {
  return view.stages.some((stage) => approver.groups.includes(stage.group));
}
