import type { Ledger } from '../ledger/build-ledger';
import { hasFindings } from '../ledger/reconcile-deliveries';

const number = (value: number) => value.toLocaleString('en-US');
/** Open states and findings are listed up to this many lines each; `--format json` has them all. */
const listedUpTo = 20;

/** `loudwire ledger` for a terminal: the totals, the one number that must be 0, then what needs a person. */
export function renderLedger(ledger: Ledger): string {
  const scope = ledger.integration ? ` · integration ${ledger.integration}` : '';
  const lines = [
    `Loudwire ledger · task queue ${ledger.taskQueue}${scope} · since ${ledger.since} (${ledger.elapsedMs} ms)`,
    '',
    `accepted events      ${number(ledger.accepted).padStart(8)}`,
  ];
  for (const [state, count] of Object.entries(ledger.byState).sort(([, a], [, b]) => b - a)) {
    lines.push(`  ${state.padEnd(18)} ${number(count).padStart(8)}`);
  }
  lines.push(
    `unaccounted          ${number(ledger.unaccounted).padStart(8)}${ledger.unaccounted ? '  ← must be 0' : ''}`,
  );
  for (const event of ledger.unaccountedEvents.slice(0, listedUpTo)) {
    lines.push(`  ${event.eventId} (${event.type}) in ${event.workflowId}: ${event.problem}`);
  }
  if (ledger.open.length > 0) {
    lines.push('', `Open (${number(ledger.open.length)})`);
    for (const event of ledger.open.slice(0, listedUpTo)) {
      const detail = event.parkedClass ? ` ${event.parkedClass}` : '';
      lines.push(`  ${event.state}${detail} · ${event.workflowId} · event ${event.eventId} (${event.type})`);
    }
    if (ledger.open.length > listedUpTo)
      lines.push(`  … and ${number(ledger.open.length - listedUpTo)} more`);
  }
  for (const record of ledger.summarizedRecords) {
    lines.push(
      `note: ${record.workflowId} only counts ${number(record.earlierCount)} older events (not listed one by one)`,
    );
  }
  for (const source of ledger.reconciliation) {
    lines.push('');
    if (source.error) {
      lines.push(`${source.source} delivery log: could not be read (${source.error}); not reconciled`);
      continue;
    }
    lines.push(
      `${source.source} delivery log: ${number(source.logged)} logged, ${number(source.delivered)} delivered, ` +
        `${number(source.pending)} still retrying${hasFindings(source) ? '' : ' · reconciled, nothing missing'}`,
    );
    const findings: [string, { eventId: string; eventType?: string; type?: string }[]][] = [
      ['delivered (the source says) but never accepted', source.deliveredNotAccepted],
      ['given up by the source, never accepted', source.failed],
      ['accepted but not in the source’s log', source.acceptedNotDelivered],
    ];
    for (const [label, events] of findings) {
      if (events.length === 0) continue;
      lines.push(`  ${label}: ${number(events.length)}`);
      for (const event of events.slice(0, listedUpTo)) {
        lines.push(`    ${event.eventId} (${event.eventType ?? event.type})`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
