import type { LoudwireStatus } from './integration-status';
import { SyncStatus } from '../workflows/record-sync-messages';

const statusLabels: [SyncStatus, string][] = [
  [SyncStatus.synced, 'synced'],
  [SyncStatus.parked, 'parked'],
  [SyncStatus.awaitingApproval, 'awaiting approval'],
  [SyncStatus.skipped, 'skipped'],
  [SyncStatus.received, 'in progress'],
  [SyncStatus.approvalRejected, 'approval rejected'],
  [SyncStatus.approvalExpired, 'approval expired'],
  [SyncStatus.ignored, 'ignored'],
];

const number = (value: number) => value.toLocaleString('en-US');
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** `loudwire status` for a terminal: one screen, the things that need a person first on each line. */
export function renderStatus(status: LoudwireStatus): string {
  const lines = [
    `Loudwire status · namespace ${status.namespace} · task queue ${status.taskQueue} · ${minute(status.generatedAt)} (${status.elapsedMs} ms)`,
    '',
  ];
  for (const counts of status.integrations) {
    const total = Object.values(counts.byStatus).reduce((sum, value) => sum + value, 0);
    lines.push(`${counts.integration}: ${number(total)} record(s)`);
    for (const [key, label] of statusLabels) {
      const value = counts.byStatus[key];
      // The four statuses operators ask about are always shown; the rare ones only when present.
      const always = [SyncStatus.synced, SyncStatus.parked, SyncStatus.awaitingApproval, SyncStatus.skipped];
      if (value === 0 && !(always as SyncStatus[]).includes(key)) continue;
      const detail =
        key === SyncStatus.parked && value > 0
          ? `  ${Object.entries(counts.parkedByClass)
              .sort(([, a], [, b]) => b - a)
              .map(([alertClass, classCount]) => `${alertClass} ${number(classCount)}`)
              .join(' · ')}`
          : '';
      lines.push(`  ${label.padEnd(18)} ${number(value).padStart(8)}${detail}`);
    }
    if (counts.endedAbnormally > 0)
      lines.push(
        `  ${'ended abnormally'.padEnd(18)} ${number(counts.endedAbnormally).padStart(8)}  (terminated, failed or timed out)`,
      );
    const events = counts.acceptedEvents;
    if (events) {
      const bound = events.approximate ? ' (at least)' : '';
      lines.push(
        `  events accepted    last hour ${number(events.lastHour)} · last day ${number(events.lastDay)}${bound}`,
      );
    }
    lines.push(
      `  new records        last hour ${number(counts.newRecords.lastHour)} · last day ${number(counts.newRecords.lastDay)}`,
      '',
    );
  }
  lines.push(
    `Open incidents ${number(status.openIncidents).padStart(8)}${status.openIncidents > 0 ? '  (loudwire incidents)' : ''}`,
    '',
  );
  if (status.schedules.length > 0) {
    lines.push('Schedules');
    for (const schedule of status.schedules) {
      const last = schedule.lastRun
        ? `last ${minute(schedule.lastRun.scheduledAt)} ${(schedule.lastRunStatus ?? '').toLowerCase()}`
        : 'never ran';
      const next = schedule.nextRuns[0] ? `next ${minute(schedule.nextRuns[0])}` : 'no next run';
      lines.push(`  ${schedule.scheduleId.padEnd(28)} ${schedule.state.padEnd(7)} ${last} · ${next}`);
    }
    lines.push('');
  }
  const { credentials } = status;
  if (credentials.checkedAt) {
    lines.push(`Credentials (checked ${minute(credentials.checkedAt)})`);
    for (const result of credentials.results) {
      const expiry = result.expiresAt ? ` (expires ${result.expiresAt})` : '';
      lines.push(
        `  ${result.target.padEnd(14)} ${result.state.padEnd(9)}${result.state === 'ok' ? '' : result.detail}${expiry}`,
      );
    }
  } else {
    lines.push(
      'Credentials: no credential health check has completed yet (schedule credential-health-check).',
    );
  }
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}
