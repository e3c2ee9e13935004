import { z } from 'zod';
import { durationMs } from '../config/duration';

/** When a business is open, in its own time zone. */
export interface BusinessHours {
  /** ISO weekdays: 1 = Monday … 7 = Sunday. @default Monday to Friday */
  days?: readonly number[];
  /** Opening time, `HH:MM`, inclusive. */
  from: string;
  /** Closing time, `HH:MM`, exclusive. */
  to: string;
}

/**
 * The traffic an integration's source is expected to send, e.g. at least one `deal.won` per 4 business hours in
 * Europe/Berlin. A source that sends less within the window is reported quiet (one `SourceQuiet` alert), and
 * back once it sends again (one `SourceBack`).
 */
export interface ExpectedTraffic {
  /** The event type the expectation is about, named in alerts (`deal.won`). */
  eventType: string;
  /** At least this many records started … @default 1 */
  atLeast?: number;
  /** … within this much time: business time when `businessHours` is given, else wall-clock time. */
  withinMs: number;
  /** IANA time zone of the business hours (`Europe/Berlin`). @default UTC */
  timeZone?: string;
  /** Absent: the source is expected to send around the clock. */
  businessHours?: BusinessHours;
}

/**
 * What an integration declares: an expectation, `learned` (from the last 4 weeks of accepted traffic: the
 * default), or `none` (no silence detection, e.g. a source that may rightly stay quiet for weeks).
 */
export type TrafficDeclaration = ExpectedTraffic | 'learned' | 'none';

/** Monday to Friday, 09:00–17:00. */
export const officeHours: BusinessHours = { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' };

const overrideObject = z
  .object({
    eventType: z.string().min(1).optional(),
    atLeast: z.number().int().positive().optional(),
    within: durationMs,
    timeZone: z.string().refine(isTimeZone, 'is not an IANA time zone').optional(),
    businessHours: z
      .union([
        z.literal(false),
        z.object({
          days: z.array(z.number().int().min(1).max(7)).min(1).optional(),
          from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour clock)'),
          to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour clock)'),
        }),
      ])
      .optional(),
  })
  .strict();

/** One integration's entry: `"learned"`, `"none"` or an expectation; errors name the field (a union would not). */
function parseOverrideEntry(value: unknown, context: z.RefinementCtx) {
  if (value === 'learned' || value === 'none') return value;
  if (typeof value === 'string') {
    context.addIssue({
      code: 'custom',
      message: `"${value}" is not "learned", "none" or an expectation object`,
    });
    return z.NEVER;
  }
  const parsed = overrideObject.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    context.addIssue({ code: 'custom', message: issue.message, path: issue.path as (string | number)[] });
  }
  return z.NEVER;
}

/**
 * `EXPECTED_TRAFFIC`: JSON overriding integrations' declarations without a code change, e.g.
 * `{"client-onboarding": {"atLeast": 1, "within": "2h"}}`, or `"learned"` / `"none"` per integration.
 */
export const expectedTrafficOverrides = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      context.addIssue({ code: 'custom', message: `is not JSON: ${(error as Error).message}` });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), z.unknown().transform(parseOverrideEntry)));

export type ExpectedTrafficOverrides = z.infer<typeof expectedTrafficOverrides>;

/** The expectation in force for an integration: its declaration, overridden by EXPECTED_TRAFFIC. */
export function effectiveTraffic(
  declared: TrafficDeclaration | undefined,
  override: ExpectedTrafficOverrides[string] | undefined,
  defaultEventType: string,
): TrafficDeclaration {
  if (override === undefined) return declared ?? 'learned';
  if (typeof override === 'string') return override;
  const base = typeof declared === 'object' ? declared : undefined;
  const { businessHours, within, ...rest } = override;
  const hours = businessHours === false ? undefined : (businessHours ?? base?.businessHours);
  return {
    eventType: rest.eventType ?? base?.eventType ?? defaultEventType,
    atLeast: rest.atLeast ?? base?.atLeast ?? 1,
    withinMs: within,
    timeZone: rest.timeZone ?? base?.timeZone ?? 'UTC',
    ...(hours ? { businessHours: hours } : {}),
  };
}

/** "at least 1 deal.won per 4 business hours (Mon–Fri 09:00–17:00 Europe/Berlin)". */
export function describeExpectedTraffic(traffic: ExpectedTraffic): string {
  const hours = traffic.withinMs / 3_600_000;
  const span =
    hours >= 1 && Number.isInteger(hours)
      ? `${hours} ${traffic.businessHours ? 'business ' : ''}hour${hours === 1 ? '' : 's'}`
      : `${Math.round(traffic.withinMs / 1000)} ${traffic.businessHours ? 'business ' : ''}seconds`;
  const zone = traffic.timeZone ?? 'UTC';
  const open = traffic.businessHours
    ? ` (${describeDays(traffic.businessHours.days ?? officeHours.days!)} ${traffic.businessHours.from}–${traffic.businessHours.to} ${zone})`
    : '';
  return `at least ${traffic.atLeast ?? 1} ${traffic.eventType} per ${span}${open}`;
}

function describeDays(days: readonly number[]): string {
  const names = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const sorted = [...days].sort();
  const contiguous = sorted.every((day, index) => index === 0 || day === sorted[index - 1]! + 1);
  return contiguous && sorted.length > 2
    ? `${names[sorted[0]! - 1]}–${names[sorted.at(-1)! - 1]}`
    : sorted.map((day) => names[day - 1]).join(',');
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
