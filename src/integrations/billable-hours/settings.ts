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
  BILLABLE_HOURS_LOOKBACK_DAYS: z.coerce
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 (yesterday)')
    .max(62, 'must be at most 62')
    .default(7),
});

/** The IANA time zone the nightly sync counts days in. */
export function billableHoursTimeZone(env: LoudwireEnvironment): string {
  const settings = env.integrationSettings[billableHoursName] as z.infer<typeof billableHoursSettings>;
  return settings.BILLABLE_HOURS_TIMEZONE;
}

/**
 * How many days before today each nightly run re-reconciles: hours booked late for a closed day are billed by
 * the next run, and the corrected total is alerted.
 */
export function billableHoursLookbackDays(env: LoudwireEnvironment): number {
  const settings = env.integrationSettings[billableHoursName] as z.infer<typeof billableHoursSettings>;
  return settings.BILLABLE_HOURS_LOOKBACK_DAYS;
}
