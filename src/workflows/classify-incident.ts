import { ActivityFailure, ApplicationFailure, RetryState, TimeoutFailure } from '@temporalio/common';
import { AlertClass } from '../alerts/alert';
import { andMore, boundJson, boundText, joinBounded } from '../bounds/bounds';
import { describeContractChange } from '../contracts/diff-against-contract';
import type { ContractChange } from '../contracts/source-contract';
import type { FieldProblem } from '../mapping/outcome';

/** A failure worth an operator's attention: what the alert and the parked reason say. */
export interface Incident {
  alertClass: AlertClass;
  severity: 'critical' | 'warning';
  message: string;
  details?: unknown;
}

// Failure types set by the systems' clients (src/systems/kit/target-failure.ts) and look-ups; strings, so the
// workflow bundle does not import their code.
const alertClassForFailureType: Record<string, AlertClass> = {
  ReferenceNotFound: AlertClass.referenceNotFound,
  TargetCredentialsRejected: AlertClass.credentialsRejected,
  TargetRejected: AlertClass.targetRejected,
  TargetDestinationMismatch: AlertClass.destinationMismatch,
  TargetErrorInSuccessBody: AlertClass.errorInSuccessBody,
  AmbiguousTarget: AlertClass.ambiguousTarget,
};

/** Turns a failed write or look-up (after Temporal's retries) into the incident it reports. */
export function classifyWriteFailure(target: string, error: unknown): Incident {
  if (error instanceof ActivityFailure) {
    const cause = error.cause;
    const exhausted = error.retryState === RetryState.MAXIMUM_ATTEMPTS_REACHED;
    if (cause instanceof ApplicationFailure) {
      const specific = alertClassForFailureType[cause.type ?? ''];
      return {
        alertClass: specific ?? (exhausted ? AlertClass.retryExhausted : AlertClass.targetRejected),
        severity: 'critical',
        message: boundText(
          `${target}: ${exhausted ? 'retries exhausted; last error ' : ''}${cause.type}: ${cause.message}`,
        ),
        details: {
          target,
          failureType: cause.type,
          retryState: error.retryState,
          response: boundJson(cause.details),
        },
      };
    }
    if (cause instanceof TimeoutFailure) {
      return {
        alertClass: AlertClass.retryExhausted,
        severity: 'critical',
        message: boundText(`${target}: retries exhausted; last attempt timed out (${cause.message})`),
        details: { target, retryState: error.retryState },
      };
    }
  }
  return {
    alertClass: AlertClass.retryExhausted,
    severity: 'critical',
    message: boundText(`${target}: ${error instanceof Error ? error.message : String(error)}`),
    details: { target },
  };
}

export function emptyPayloadIncident(): Incident {
  return {
    alertClass: AlertClass.emptyPayload,
    severity: 'critical',
    message: 'The source sent an empty payload',
  };
}

/** `omitted`: changes the prepared record already left out (src/activities/prepare-source-record.ts). */
export function schemaDriftIncident(changes: ContractChange[], breaking: boolean, omitted = 0): Incident {
  const listed = joinBounded(changes.map(describeContractChange), '; ');
  const summary = omitted > 0 ? `${listed}; ${andMore(omitted)}` : listed;
  return {
    alertClass: AlertClass.schemaDrift,
    severity: breaking ? 'critical' : 'warning',
    // A drift the record survives is a warning: saying it "breaks" the contract would send operators hunting.
    message: boundText(
      `${breaking ? 'Payload breaks the source contract' : 'Payload differs from the source contract, the record went on'}: ${summary}`,
    ),
    details: { diff: changes.slice(0, 50), ...(omitted > 0 ? { omittedChanges: omitted } : {}) },
  };
}

export function rejectedRecordIncident(reasons: FieldProblem[]): Incident {
  return {
    alertClass: AlertClass.recordRejected,
    severity: 'critical',
    message: boundText(
      `Record rejected: ${joinBounded(
        reasons.map((reason) => `${reason.field}: ${reason.reason}`),
        '; ',
      )}`,
    ),
    details: { reasons: reasons.slice(0, 50) },
  };
}
