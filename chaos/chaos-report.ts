import type { KillCounts } from './process-killer';
import type { InjectedFaults } from './target-faults';
import type { SenderCounts } from './webhook-sender';

/** Everything a chaos run reports. */
export interface ChaosResult {
  deals: number;
  redeliveries: { concurrent: number; later: number };
  sender: SenderCounts;
  kills: KillCounts;
  faults: InjectedFaults;
  /** Deals with exactly one correct record at every target. */
  landed: number;
  duplicated: number;
  misWritten: number;
  parked: number;
  lost: number;
  /** Deals whose record workflow is neither synced nor parked at the end (still working, or none). */
  unsettled: number;
  /** Records at a target that belong to no deal of the run (reported, not judged: sandboxes may seed). */
  strangers: number;
  elapsedMs: number;
  /** False when the settle timeout ended the wait. */
  settled: boolean;
  loadAverage: { start: number; end: number };
}

/** The run as one two-column table, every figure a reader needs to judge it. */
export function renderChaosTable(result: ChaosResult): string {
  const seconds = result.elapsedMs / 1000;
  const rows: [string, string][] = [
    ['Deals won', String(result.deals)],
    [
      'Redeliveries',
      `${result.redeliveries.concurrent + result.redeliveries.later} (${result.redeliveries.concurrent} concurrent, ` +
        `${result.redeliveries.later} later); ${result.sender.duplicates} answered "duplicate"`,
    ],
    [
      'Sender retries',
      `${result.sender.retried} (${
        Object.entries(result.sender.byStatus)
          .filter(([status]) => status !== '202')
          .map(([status, count]) => `${status} × ${count}`)
          .join(', ') || 'none'
      })`,
    ],
    [
      'Kills (SIGKILL)',
      `worker ${result.kills.worker}, API ${result.kills.api}, Temporal ${result.kills.temporal}; ` +
        `second worker for ${(result.kills.secondWorkerMs / 1000).toFixed(0)} s`,
    ],
    [
      'Injected at targets',
      `500 × ${result.faults.http_500}, 429 × ${result.faults.http_429}, slow write × ${result.faults.slow}`,
    ],
    ['Landed (exactly one correct record everywhere)', `${result.landed} / ${result.deals}`],
    ['Duplicated', String(result.duplicated)],
    ['Mis-written', String(result.misWritten)],
    ['Parked', String(result.parked)],
    ['Lost', String(result.lost)],
    ['Unsettled', String(result.unsettled)],
    [
      'Elapsed (first webhook → all settled)',
      `${seconds.toFixed(0)} s${result.settled ? '' : ' (settle timeout)'}`,
    ],
    ['Throughput', `${(result.landed / seconds).toFixed(1)} deals/s`],
    [
      'Load average (1 min) start → end',
      `${result.loadAverage.start.toFixed(1)} → ${result.loadAverage.end.toFixed(1)}`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+`;
  return [
    line,
    ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value.padEnd(valueWidth)} |`),
    line,
  ].join('\n');
}
