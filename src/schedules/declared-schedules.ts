import type { LoudwireEnvironment } from '../config/environment';
import { allIntegrations } from '../integrations/registry';
import type { DeclaredSchedule } from './declared-schedule';
import { systemSchedules } from './system-schedules';

/** Every schedule Loudwire declares: each registered integration's, then the system's. */
export function declaredSchedules(env: LoudwireEnvironment): DeclaredSchedule[] {
  return [
    ...allIntegrations.flatMap((integration) => integration.schedules?.(env) ?? []),
    ...systemSchedules(env),
  ];
}
