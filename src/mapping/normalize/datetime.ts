import { describeValue } from './describe-value';
import { normalized, notNormalized, type Normalized } from './normalized';
import { readText } from './text';

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 / RFC 3339 date-time with a required offset; `T` or a space between date and time. */
const dateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
/** The same date-time without an offset: recognised only to say what is missing. */
const localDateTimePattern = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?$/;
/** Text that starts like a date and a time, so a date-time's error says more about it than a date's. */
const startsLikeDateTime = /^\d{4}-\d{2}-\d{2}[Tt ]\d/;

/** Years outside this range are typing errors in a business record (`0026`, `20261`), not dates. */
const earliestYear = 1900;
const latestYear = 9999;

/**
 * Normalizes a calendar date to ISO 8601 `YYYY-MM-DD`. Only that form is accepted: `11/30/2026` and
 * `30/11/2026` are not guessed between. The date must exist (`2026-02-30` fails).
 */
export function normalizeDate(raw: unknown): Normalized<string> {
  const text = readText(raw);
  if (!text.ok) return text;
  const match = datePattern.exec(text.value);
  if (!match) return invalidDate(text.value, 'is not a date in ISO 8601 form YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isRealDate(year, month, day)) return invalidDate(text.value, 'is not a real calendar date');
  return normalized(text.value, text.notes);
}

/**
 * Normalizes a point in time to ISO 8601 UTC (`2026-11-26T14:00:00.000Z`). The input must carry its offset
 * (`Z` or `±hh:mm`): a local time without one could be any of 24 hours, so it is refused rather than assumed
 * to be UTC. Milliseconds are always written; finer fractions are kept digit for digit, never rounded.
 */
export function normalizeDateTime(raw: unknown): Normalized<string> {
  const text = readText(raw);
  if (!text.ok) return text;
  const match = dateTimePattern.exec(text.value);
  if (!match) {
    if (localDateTimePattern.test(text.value)) {
      return invalidDate(
        text.value,
        'has no UTC offset (Z or ±hh:mm), so it could be any of 24 hours; send it like 2026-11-26T14:00:00Z',
      );
    }
    return invalidDate(text.value, 'is not an ISO 8601 date-time with an offset, like 2026-11-26T14:00:00Z');
  }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = (match[7] ?? '').padEnd(3, '0');
  const offsetSign = match[9] === '-' ? -1 : 1;
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    return invalidDate(text.value, 'is not a real date and time');
  }
  if (offsetHours > 23 || offsetMinutes > 59) return invalidDate(text.value, 'has an impossible UTC offset');

  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute - offsetSign * (offsetHours * 60 + offsetMinutes), second, 0);
  const iso = utc.toISOString();
  if (!iso.startsWith('+') && !iso.startsWith('-') && Number(iso.slice(0, 4)) >= earliestYear) {
    return normalized(`${iso.slice(0, 19)}.${fraction}Z`, text.notes);
  }
  return invalidDate(text.value, `is outside the years ${earliestYear}–${latestYear}`);
}

/** Whether text reads as a date-time attempt (`2026-11-26T14:00`), not a date (`2026-11-26`, `11/26/2026`). */
export function looksLikeDateTime(raw: unknown): boolean {
  return typeof raw === 'string' && startsLikeDateTime.test(raw.trim());
}

/** The UTC calendar date (`YYYY-MM-DD`) of a normalized ISO 8601 UTC date-time. */
export function utcDateOf(isoDateTime: string): string {
  return isoDateTime.slice(0, 10);
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < earliestYear || year > latestYear || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leapAdjusted = month === 2 && !isLeapYear(year) ? 28 : daysInMonth;
  return day <= leapAdjusted;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function invalidDate(value: string, why: string): Normalized<never> {
  return notNormalized('invalid_date', `${describeValue(value)} ${why}`);
}
