import { officeHours, type BusinessHours } from './expected-traffic';

const minuteMs = 60_000;
/** A window reaching further back than this has no business hours in it at all (a misconfiguration). */
const maxLookBackMs = 60 * 86_400_000;

/**
 * Where a window of `windowMs` business time that ends at `end` starts, counting only the minutes the business
 * is open in its own time zone (`businessHours` absent: every minute counts). Four business hours before Monday
 * 10:00 in Berlin reach back to Friday 15:00, whatever the server's clock zone or a daylight-saving change.
 */
export function businessWindowStart(
  end: number,
  windowMs: number,
  timeZone: string,
  businessHours?: BusinessHours,
): number {
  if (!businessHours) return end - windowMs;
  const isOpen = openMinuteTest(timeZone, businessHours);
  let cursor = end;
  let remaining = windowMs;
  while (remaining > 0) {
    if (end - cursor > maxLookBackMs) {
      throw new RangeError(
        `business hours ${businessHours.from}–${businessHours.to} on days ${(businessHours.days ?? officeHours.days!).join(',')} ` +
          `hold less than ${windowMs} ms in 60 days`,
      );
    }
    const minuteStart = Math.floor((cursor - 1) / minuteMs) * minuteMs;
    if (isOpen(minuteStart)) {
      const taken = Math.min(remaining, cursor - minuteStart);
      remaining -= taken;
      cursor -= taken;
    } else {
      cursor = minuteStart;
    }
  }
  return cursor;
}

/** Business time (ms) between two instants. */
export function businessTimeBetween(
  start: number,
  end: number,
  timeZone: string,
  businessHours?: BusinessHours,
): number {
  if (!businessHours) return Math.max(0, end - start);
  const isOpen = openMinuteTest(timeZone, businessHours);
  let total = 0;
  for (let minute = Math.floor(start / minuteMs) * minuteMs; minute < end; minute += minuteMs) {
    if (!isOpen(minute)) continue;
    total += Math.min(end, minute + minuteMs) - Math.max(start, minute);
  }
  return total;
}

function openMinuteTest(timeZone: string, hours: BusinessHours): (instant: number) => boolean {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const days = new Set(hours.days ?? officeHours.days!);
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  return (instant) => {
    const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
    const weekday = weekdays.indexOf(parts.weekday ?? '') + 1;
    const minute = Number(parts.hour) * 60 + Number(parts.minute);
    return days.has(weekday) && minute >= from && minute < to;
  };
}

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours! * 60 + minutes!;
}
