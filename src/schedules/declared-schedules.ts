import type { LoudwireEnvironment } from '../config/environment';
import { billableHoursSchedules } from '../integrations/billable-hours/schedule';
import type { DeclaredSchedule } from './declared-schedule';
import { systemSchedules } from './system-schedules';

/** Every schedule Loudwire declares: each integration's, then the system's. Adding one is one line here. */
export function declaredSchedules(env: LoudwireEnvironment): DeclaredSchedule[] {
  return [...billableHoursSchedules(env), ...systemSchedules(env)];
}
