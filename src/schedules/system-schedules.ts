import type { LoudwireEnvironment } from '../config/environment';
import type { DeclaredSchedule } from './declared-schedule';

/**
 * Schedules that belong to no integration: Loudwire's own housekeeping. A credential health check, for example,
 * is one entry:
 *
 * ```ts
 * {
 *   id: 'credential-health-check',
 *   description: 'Checks every target credential and alerts before one expires',
 *   workflowType: 'credentialHealthCheckWorkflow',
 *   args: [{}],
 *   spec: { every: `${env.CREDENTIAL_CHECK_INTERVAL}ms`, timeZone: 'UTC' },
 *   policies: { overlap: 'SKIP', catchupWindow: '1m', pauseOnFailure: false },
 *   rationale: 'Only the latest check matters: skip overlaps, never catch up on missed ones.',
 * }
 * ```
 */
export function systemSchedules(_env: LoudwireEnvironment): DeclaredSchedule[] {
  return [];
}
