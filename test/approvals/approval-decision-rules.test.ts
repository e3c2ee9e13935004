import { describe, expect, it } from 'vitest';
import { ApprovalRefusal, refuseDecision } from '../../src/approvals/approval-decision-rules';
import type { ApprovalDecisionInput, ApprovalRequestView } from '../../src/workflows/approval-messages';

const requestedAt = Date.parse('2026-03-01T10:00:00Z');
const hour = 3_600_000;

function pendingRequest(overrides: Partial<ApprovalRequestView> = {}): ApprovalRequestView {
  return {
    requestId: 'req-1',
    workflowId: 'client-onboarding:crm:deal_1',
    integration: 'client-onboarding',
    recordKey: 'deal_1',
    state: 'pending',
    policy: 'client-onboarding-review',
    policyDescription: 'Large deals are reviewed',
    reasons: ['Deal amount is large'],
    canonical: {},
    warnings: [],
    ownerEmail: 'owner@example.com',
    stages: [
      { group: 'sales-leads', timeoutMs: 2 * hour },
      { group: 'finance', timeoutMs: hour },
    ],
    activeStage: 0,
    activeGroup: 'sales-leads',
    requestedAt: new Date(requestedAt).toISOString(),
    deadline: new Date(requestedAt + 2 * hour).toISOString(),
    onExpiry: 'park',
    approvalUrl: 'http://127.0.0.1:3000/ui/approvals/x',
    ...overrides,
  };
}

function decision(overrides: Partial<ApprovalDecisionInput> = {}): ApprovalDecisionInput {
  return {
    requestId: 'req-1',
    decision: 'approve',
    comment: 'Looks right',
    approver: { email: 'sales.lead@example.com', groups: ['sales-leads'] },
    ...overrides,
  };
}

const typeOf = (request: ApprovalRequestView, input: ApprovalDecisionInput, now = requestedAt + hour) =>
  refuseDecision(request, input, now)?.type;

describe('who may decide an approval', () => {
  it('accepts a member of the active group', () => {
    expect(refuseDecision(pendingRequest(), decision(), requestedAt + hour)).toBeUndefined();
  });

  it('refuses someone outside the active group, including the first group after escalation', () => {
    expect(
      typeOf(pendingRequest(), decision({ approver: { email: 'ops@example.com', groups: ['ops'] } })),
    ).toBe(ApprovalRefusal.notInGroup);
    const escalated = pendingRequest({
      activeStage: 1,
      activeGroup: 'finance',
      deadline: new Date(requestedAt + 3 * hour).toISOString(),
    });
    expect(typeOf(escalated, decision(), requestedAt + 2.5 * hour)).toBe(ApprovalRefusal.notInGroup);
    expect(
      typeOf(
        escalated,
        decision({ approver: { email: 'f@example.com', groups: ['finance'] } }),
        requestedAt + 2.5 * hour,
      ),
    ).toBeUndefined();
  });

  it('refuses the deal owner, whatever the case of their email and whatever their groups', () => {
    const owner = { email: ' Owner@Example.com ', groups: ['sales-leads', 'finance'] };
    expect(typeOf(pendingRequest(), decision({ approver: owner }))).toBe(ApprovalRefusal.selfApproval);
    expect(typeOf(pendingRequest(), decision({ approver: owner, decision: 'reject' }))).toBe(
      ApprovalRefusal.selfApproval,
    );
  });

  it('refuses a second decision and a decision after expiry', () => {
    const decided = pendingRequest({
      state: 'approved',
      decision: {
        decision: 'approve',
        comment: '',
        approver: { email: 'sales.lead@example.com' },
        group: 'sales-leads',
        decidedAt: new Date(requestedAt).toISOString(),
      },
    });
    expect(refuseDecision(decided, decision(), requestedAt + hour)).toEqual({
      type: ApprovalRefusal.alreadyDecided,
      message: 'Already approved by sales.lead@example.com',
    });
    expect(typeOf(pendingRequest({ state: 'expired' }), decision())).toBe(ApprovalRefusal.expired);
    // The last timer is due but has not fired yet: still too late.
    expect(typeOf(pendingRequest(), decision(), requestedAt + 3 * hour)).toBe(ApprovalRefusal.expired);
  });

  it('refuses a decision about an older request and malformed decisions', () => {
    expect(typeOf(pendingRequest(), decision({ requestId: 'req-0' }))).toBe(ApprovalRefusal.staleRequest);
    expect(typeOf(pendingRequest(), decision({ decision: 'maybe' as 'approve' }))).toBe(
      ApprovalRefusal.invalidDecision,
    );
    expect(typeOf(pendingRequest(), decision({ comment: 'x'.repeat(2_001) }))).toBe(
      ApprovalRefusal.invalidDecision,
    );
  });
});

describe('a superseded request', () => {
  it('refuses any decision on it as stale, even with its own request ID', () => {
    const refusal = refuseDecision(pendingRequest({ state: 'superseded' }), decision(), requestedAt + hour);
    expect(refusal?.type).toBe(ApprovalRefusal.staleRequest);
  });
});
