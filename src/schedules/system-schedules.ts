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
    {
      id: 'stuck-workflow-check',
      description:
        'Finds workflows whose workflow task keeps failing (TemporalReportedProblems); one alert per problem',
      workflowType: 'stuckWorkflowCheckWorkflow',
      args: [],
      spec: {
        every: `${Math.max(1, Math.round(env.STUCK_WORKFLOW_CHECK_INTERVAL / 1000))}s`,
        timeZone: 'UTC',
      },
      policies: { overlap: 'SKIP', catchupWindow: '1m', pauseOnFailure: false },
      rationale:
        'A stuck workflow cannot report itself, so this looks from outside, often enough to alert within a ' +
        'minute; only the latest look matters (overlaps skipped, no catch-up), and a failed look must not pause it.',
    },
    {
      id: 'silence-check',
      description:
        "Compares each source's traffic with what its integration expects; one alert when it goes quiet, one when back",
      workflowType: 'silenceCheckWorkflow',
      args: [],
      spec: {
        every: `${Math.max(1, Math.round(env.SILENCE_CHECK_INTERVAL / 1000))}s`,
        timeZone: 'UTC',
      },
      policies: { overlap: 'SKIP', catchupWindow: '1m', pauseOnFailure: false },
      rationale:
        'A source that stops sending cannot say so: this looks from outside. Only the latest look matters ' +
        '(overlaps skipped, no catch-up); a failed look must not pause it, or the next silence goes unnoticed.',
    },
  ];
}
