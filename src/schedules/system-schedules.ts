import type { LoudwireEnvironment } from '../config/environment';
import type { DeclaredSchedule } from './declared-schedule';

/** Schedules that belong to no integration: Loudwire's own housekeeping. */
export function systemSchedules(env: LoudwireEnvironment): DeclaredSchedule[] {
  return [
    {
      id: 'credential-health-check',
      description:
        "Probes every connected system's credentials; alerts when one fails or is close to its declared expiry",
      workflowType: 'credentialHealthWorkflow',
      args: [],
      spec: { every: `${Math.max(1, Math.round(env.CREDENTIAL_CHECK_INTERVAL / 1000))}s`, timeZone: 'UTC' },
      policies: { overlap: 'SKIP', catchupWindow: '1m', pauseOnFailure: false },
      rationale:
        'Only the latest check matters: overlapping checks are skipped and missed ones are not caught up; ' +
        'a failed run must not pause the schedule, or the next broken credential would go unnoticed.',
    },
  ];
}
