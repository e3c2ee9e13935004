import {
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { ApprovalActivities, EvaluateApprovalResult } from '../activities/approval-activities';
import type { AlertRequest, LoudwireActivities } from '../activities/create-activities';
import { AlertClass, type Alert } from '../alerts/alert';
import { refuseDecision } from '../approvals/approval-decision-rules';
import type { MappingWarning } from '../mapping/outcome';
import { cameFromLoudwire } from '../encryption/payload-origin';
import { redactAlertRequest } from '../alerts/redact-alert-request';
import { alertActivityOptions } from './alert-activity-options';
import type { AnomalyHold } from '../anomaly/anomaly-hold';
import {
  approvalDecisionUpdate,
  approvalRequestQuery,
  ApprovalState,
  ApprovalSyncStatus,
  type ApprovalDecisionRecord,
  type ApprovalRequestView,
} from './approval-messages';

export { ApprovalSyncStatus } from './approval-messages';

export interface ApprovalGateRequest {
  integration: string;
  recordKey: string;
  /** The mapped canonical record the decision is about. */
  canonical: Record<string, unknown>;
  warnings: MappingWarning[];
  /** The version already written: ask only when a field a policy guards changed since (a later version). */
  guardedAgainst?: Record<string, unknown>;
  /** The version approvers saw last (a superseded request) or that was written: the request shows the changes. */
  changedFrom?: Record<string, unknown>;
  /** The record scored above its integration's anomaly threshold: held whatever the policies say (issue 18). */
  anomaly?: AnomalyHold;
}

export interface ApprovalGateHooks {
  /** Sets the record's searchable status; `detail` is a sentence for operators. */
  setStatus(status: ApprovalSyncStatus, detail?: string): void;
  /**
   * True once a newer version of the record has arrived: the pending request is withdrawn (a decision on it
   * answers `stale_request`) and the gate returns `superseded`, so the newer version is asked about instead.
   */
  superseded?(): boolean;
  /**
   * Delivers an approval alert without ever blocking the gate (the record's AlertDelivery). Absent in runs
   * that started before `patches.approvalAlertsNeverBlock`: the gate then waits for each alert's own retries.
   */
  raiseAlert?(alert: AlertRequest): void;
  /** What this run last approved: the caller keeps one per run (see ApprovedInThisRun). */
  approved: ApprovedInThisRun;
}

/**
 * The record most recently approved in this run. A redrive of the same record (e.g. after a failed write) is
 * not asked again; a changed record (a new version, or a retry with another payload) is. It lives in the run's
 * own objects, not at module scope, because this module is loaded once and shared by every workflow on the
 * worker (`preloadModules`, src/temporal/bundle-options.ts); it is rebuilt on replay like the rest of the run.
 */
export interface ApprovedInThisRun {
  latest?: { fingerprint: string; decision: ApprovalDecisionRecord };
}

/**
 * - `not-required`: no policy applies; write as usual.
 * - `approved`: an approver approved; write.
 * - `rejected`: an approver rejected; write nothing.
 * - `expired-rejected`: nobody decided in time and the policy rejects; write nothing.
 * - `expired-parked`: nobody decided in time and the policy parks the record for an operator; write nothing now.
 */
export type ApprovalGateOutcome =
  'not-required' | 'approved' | 'rejected' | 'expired-rejected' | 'expired-parked' | 'superseded';

export interface ApprovalGateResult {
  outcome: ApprovalGateOutcome;
  decision?: ApprovalDecisionRecord;
  /** A sentence for operators (e.g. a parked reason) when the record is not written. */
  detail?: string;
  /**
   * With `expired-parked`: the `ApprovalExpired` alert, for the caller to raise as it parks the record (its
   * park raises exactly one alert per incident, so the gate does not send this one itself).
   */
  expiryIncident?: { alertClass: AlertClass; severity: 'critical'; message: string; details: unknown };
}

// Policy evaluation reads the integration registry and the environment: a local activity keeps both out of the
// workflow bundle and records the result in history.
const { evaluateApprovalPolicy } = proxyLocalActivities<ApprovalActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3 },
});
const { sendAlert } = proxyActivities<Pick<LoudwireActivities, 'sendAlert'>>(alertActivityOptions);

/**
 * Holds a mapped record until a person decides, when the integration's approval policy says so. Registers the
 * `approvalRequest` query and the `approvalDecision` update (whose validator enforces who may decide), alerts
 * the approver group with a link to the approval page, waits on durable timers (escalating to the next group
 * when one lets its timeout pass) and returns what the caller must do. Call it after mapping and before writes.
 * `evaluatedWithMapping` is the verdict the mapping's local activity already reached for this canonical record
 * and warnings (`approvalFor`); it stands in for the evaluation only when the request adds nothing to them.
 */
export async function awaitApprovalIfRequired(
  request: ApprovalGateRequest,
  hooks: ApprovalGateHooks,
  evaluatedWithMapping?: EvaluateApprovalResult,
): Promise<ApprovalGateResult> {
  const { workflowId } = workflowInfo();
  const onlyMapped = !request.guardedAgainst && !request.changedFrom && !request.anomaly;
  const evaluation =
    evaluatedWithMapping && onlyMapped
      ? evaluatedWithMapping
      : await evaluateApprovalPolicy({
          integration: request.integration,
          workflowId,
          canonical: request.canonical,
          warnings: request.warnings,
          ...(request.guardedAgainst ? { guardedAgainst: request.guardedAgainst } : {}),
          ...(request.changedFrom ? { changedFrom: request.changedFrom } : {}),
          ...(request.anomaly ? { anomaly: request.anomaly } : {}),
        });
  if (!evaluation.required) return { outcome: 'not-required' };
  const fingerprint = JSON.stringify([request.canonical, request.warnings]);
  const { approved } = hooks;
  if (approved.latest?.fingerprint === fingerprint)
    return { outcome: 'approved', decision: approved.latest.decision };

  const { requirement } = evaluation;
  const firstStage = requirement.stages[0]!;
  const requestedAt = Date.now();
  const view: ApprovalRequestView = {
    requestId: uuid4(),
    workflowId,
    integration: request.integration,
    recordKey: request.recordKey,
    state: ApprovalState.pending,
    policy: requirement.policy,
    policyDescription: requirement.policyDescription,
    reasons: requirement.reasons,
    canonical: request.canonical,
    warnings: request.warnings,
    ownerEmail: requirement.ownerEmail,
    stages: requirement.stages,
    activeStage: 0,
    activeGroup: firstStage.group,
    requestedAt: isoTime(requestedAt),
    deadline: isoTime(requestedAt + firstStage.timeoutMs),
    onExpiry: requirement.onExpiry,
    approvalUrl: evaluation.approvalUrl,
    ...(evaluation.changes ? { changes: evaluation.changes } : {}),
  };

  setHandler(approvalRequestQuery, () => view, {
    description: 'The latest approval request of this record: the mapped record, the reasons, who may decide',
  });
  setHandler(
    approvalDecisionUpdate,
    (input) => {
      const decision: ApprovalDecisionRecord = {
        decision: input.decision,
        comment: input.comment,
        approver: {
          email: input.approver.email,
          ...(input.approver.name ? { name: input.approver.name } : {}),
        },
        group: view.activeGroup,
        decidedAt: isoTime(Date.now()),
      };
      view.decision = decision;
      view.state = input.decision === 'approve' ? ApprovalState.approved : ApprovalState.rejected;
      log.info('Approval decided', {
        workflowId,
        recordKey: request.recordKey,
        requestId: view.requestId,
        decision: decision.decision,
        approver: decision.approver?.email,
      });
      return decision;
    },
    {
      // The validator runs before the update is accepted: a refused decision never enters the history.
      validator: (input) => {
        // The approver's identity travels inside the Update: only the approvals API, which checked the token
        // and holds the payload keys, can send one the workflow believes (raw Temporal access cannot).
        if (!cameFromLoudwire(input)) {
          throw ApplicationFailure.create({
            type: 'UntrustedDecision',
            message: 'Approval decisions are accepted only from the Loudwire approvals API',
            nonRetryable: true,
          });
        }
        const refusal = refuseDecision(view, input, Date.now());
        if (refusal)
          throw ApplicationFailure.create({
            type: refusal.type,
            message: refusal.message,
            nonRetryable: true,
          });
      },
      description: 'An approver approves or rejects the pending approval request (with a comment)',
    },
  );

  const alerts: Promise<void>[] = [];
  for (let stage = 0; stage < view.stages.length; stage++) {
    if (stage > 0) {
      view.activeStage = stage;
      view.activeGroup = view.stages[stage]!.group;
      view.deadline = isoTime(Date.now() + view.stages[stage]!.timeoutMs);
    }
    const waiting = `Waiting for a decision from group "${view.activeGroup}" until ${view.deadline}`;
    hooks.setStatus(ApprovalSyncStatus.awaitingApproval, waiting);
    publishApproval(view);
    alerts.push(
      notify(
        hooks,
        evaluation,
        view,
        stage === 0 ? AlertClass.approvalRequested : AlertClass.approvalEscalated,
        stage === 0
          ? `Approval needed from "${view.activeGroup}" by ${view.deadline}: ${view.reasons.join('; ')}. ` +
              `Decide at ${view.approvalUrl}`
          : `No decision from "${view.stages[stage - 1]!.group}" in time: escalated to "${view.activeGroup}", ` +
              `who may decide until ${view.deadline} at ${view.approvalUrl}`,
      ),
    );
    const superseded = () => hooks.superseded?.() === true;
    if (
      await condition(
        () => view.state !== ApprovalState.pending || superseded(),
        view.stages[stage]!.timeoutMs,
      )
    )
      break;
  }

  let result: ApprovalGateResult;
  if (view.state === ApprovalState.pending && hooks.superseded?.() === true) {
    view.state = ApprovalState.superseded;
    log.info('Approval request superseded by a newer version', { workflowId, requestId: view.requestId });
    result = { outcome: 'superseded', detail: 'A newer version of the record replaced this request' };
  } else if (view.state === ApprovalState.approved) {
    approved.latest = { fingerprint, decision: view.decision! };
    result = { outcome: 'approved', decision: view.decision! };
  } else if (view.state === ApprovalState.rejected) {
    const detail = `Rejected by ${view.decision!.approver?.email}: ${view.decision!.comment || '(no comment)'}`;
    hooks.setStatus(ApprovalSyncStatus.approvalRejected, detail);
    result = { outcome: 'rejected', decision: view.decision!, detail };
  } else {
    view.state = ApprovalState.expired;
    const groups = view.stages.map((stage) => `"${stage.group}"`).join(' then ');
    const detail =
      `No decision from ${groups} before ${view.deadline}: ` +
      (view.onExpiry === 'reject' ? 'rejected by policy' : 'parked for an operator');
    if (view.onExpiry === 'reject') {
      view.decision = {
        decision: 'reject',
        comment: detail,
        approver: null,
        group: null,
        decidedAt: isoTime(Date.now()),
      };
    }
    hooks.setStatus(ApprovalSyncStatus.approvalExpired, detail);
    if (view.onExpiry === 'reject') {
      alerts.push(notify(hooks, evaluation, view, AlertClass.approvalExpired, detail));
      result = { outcome: 'expired-rejected', decision: view.decision!, detail };
    } else {
      const expiry = approvalAlert(evaluation, view, AlertClass.approvalExpired, detail);
      result = {
        outcome: 'expired-parked',
        detail,
        expiryIncident: {
          alertClass: AlertClass.approvalExpired,
          severity: 'critical',
          message: detail,
          details: expiry.details,
        },
      };
    }
  }
  publishApproval(view);
  await Promise.all(alerts);
  return result;
}

/** Raises one approval alert; a failure after the alert's own retry budget is logged, never thrown. */
async function notify(
  hooks: ApprovalGateHooks,
  evaluation: Extract<EvaluateApprovalResult, { required: true }>,
  view: ApprovalRequestView,
  alertClass: AlertClass,
  message: string,
): Promise<void> {
  const alert = approvalAlert(evaluation, view, alertClass, message);
  if (hooks.raiseAlert) {
    hooks.raiseAlert(alert);
    return;
  }
  try {
    await sendAlert(redactAlertRequest(alert));
  } catch (error) {
    log.error('Approval alert could not be delivered', {
      alertClass,
      workflowId: view.workflowId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

function approvalAlert(
  evaluation: Extract<EvaluateApprovalResult, { required: true }>,
  view: ApprovalRequestView,
  alertClass: AlertClass,
  message: string,
): Alert {
  return {
    incidentId: `${view.workflowId}:approval:${view.requestId}:${alertClass}:${view.activeStage}`,
    alertClass,
    severity: alertClass === AlertClass.approvalExpired ? 'critical' : 'warning',
    integration: view.integration,
    recordKey: view.recordKey,
    workflowId: view.workflowId,
    workflowUrl: evaluation.workflowUrl,
    message,
    details: {
      approvalUrl: view.approvalUrl,
      policy: view.policy,
      reasons: view.reasons,
      group: view.activeGroup,
      deadline: view.deadline,
      onExpiry: view.onExpiry,
    },
    occurredAt: isoTime(Date.now()),
  };
}

/** The approval, visible in the Web UI: current details while it waits, and a memo that outlives the run. */
function publishApproval(view: ApprovalRequestView): void {
  const lines = [
    `**Approval:** ${view.state} (policy ${view.policy})`,
    ...view.reasons.map((reason) => `- ${reason}`),
    `**Group:** ${view.activeGroup} · **deadline** ${view.deadline}`,
    `**Decide:** ${view.approvalUrl}`,
  ];
  if (view.decision) {
    lines.push(
      `**Decision:** ${view.decision.decision} by ${view.decision.approver?.email ?? 'policy (timeout)'} at ` +
        `${view.decision.decidedAt}: ${view.decision.comment || '(no comment)'}`,
    );
  }
  setCurrentDetails(lines.join('\n'));
  upsertMemo({
    approval: {
      requestId: view.requestId,
      state: view.state,
      policy: view.policy,
      group: view.activeGroup,
      ...(view.decision ? { decision: view.decision } : {}),
    },
  });
}

function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
