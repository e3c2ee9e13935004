import { z } from 'zod';
import type { LoudwireEnvironment } from '../../config/environment';
import { billableHoursName } from './names';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Billable hours' settings (docs/batch-sync.md). */
export const billableHoursSettings = z.object({
  BILLABLE_HOURS_TIMEZONE: z
    .string()
    .refine((zone) => isTimeZone(zone), 'must be an IANA time zone, e.g. Europe/Berlin or UTC')
    .default('UTC'),
});

/** The IANA time zone the nightly sync counts days in. */
export function billableHoursTimeZone(env: LoudwireEnvironment): string {
  const settings = env.integrationSettings[billableHoursName] as z.infer<typeof billableHoursSettings>;
  return settings.BILLABLE_HOURS_TIMEZONE;
}
