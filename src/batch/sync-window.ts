/** The days a batch sync covers: calendar dates `YYYY-MM-DD`, both ends inclusive. */
export interface SyncWindow {
  from: string;
  to: string;
}

/** `2026-11-01..2026-11-30`: how windows appear in workflow IDs, alerts and logs. */
export function describeWindow(window: SyncWindow): string {
  return window.from === window.to ? window.from : `${window.from}..${window.to}`;
}

/**
 * The `days` full calendar days before `instant`, as dates in `timeZone`: a nightly run at 02:00 in Berlin on
 * the 27th covers the 26th. Pure (Intl only), so workflows may call it.
 */
export function daysBefore(instant: Date, days: number, timeZone: string): SyncWindow {
  const today = calendarDateIn(instant, timeZone);
  return { from: addDays(today, -days), to: addDays(today, -1) };
}

function calendarDateIn(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
