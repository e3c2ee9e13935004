import type { AnomalyHold } from '../anomaly/anomaly-hold';
import { ownerEmailAt, type ApprovalPolicy, type ApprovalRequirement } from './approval-policy';

/** The policy name approvers see on a record held only because it is unlike the integration's records. */
export const anomalyPolicyName = 'anomaly-check';

/**
 * The requirement of a record scored above its integration's anomaly threshold: the policies' own requirement
 * with the anomaly's reasons added, or, when no policy applies, one that takes the route (groups, timeouts,
 * expiry, owner rule) of the integration's first policy. Without a declared policy there is no route: the
 * record is not held (the declaration test requires one next to every anomaly declaration).
 */
export function withAnomalyHold(
  requirement: ApprovalRequirement | undefined,
  policies: readonly ApprovalPolicy[],
  canonical: Record<string, unknown>,
  anomaly: AnomalyHold | undefined,
): ApprovalRequirement | undefined {
  if (!anomaly) return requirement;
  // A record that could not be scored says so as it is ("not scored: the baseline … did not answer for 60 s").
  const reasons = anomaly.notScored
    ? anomaly.reasons.map((reason) => `${reason.charAt(0).toUpperCase()}${reason.slice(1)}`)
    : anomaly.reasons.map((reason) => `Unusual: ${reason}`);
  if (requirement) return { ...requirement, reasons: [...requirement.reasons, ...reasons] };
  const route = policies[0];
  if (!route) return undefined;
  return {
    policy: anomalyPolicyName,
    policyDescription: anomaly.notScored
      ? "A record that could not be scored against its integration's baseline (past its cold start) is " +
        'reviewed by a person before it is written: nothing is written unscored.'
      : `A record unlike this integration's recent records (anomaly score ${anomaly.score} at or above ` +
        `${anomaly.threshold}) is reviewed by a person before it is written.`,
    reasons,
    stages: route.escalation ? [route.approvers, route.escalation] : [route.approvers],
    onExpiry: route.onExpiry,
    ownerEmail: route.ownerField ? ownerEmailAt(canonical, route.ownerField) : null,
  };
}
