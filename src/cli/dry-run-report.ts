import type { FieldProblem } from '../mapping/outcome';
import type { AnomalyAssessment } from '../anomaly/score-record';
import { printable } from './printable';

/** How one record came out of a dry run. */
export const RecordStatus = {
  ok: 'ok',
  okWithWarnings: 'ok_with_warnings',
  rejected: 'rejected',
  /** Not valid JSON: never reached the mapping. */
  unreadable: 'unreadable',
  /** An envelope whose event type this integration does not handle; production acknowledges and ignores it. */
  ignored: 'ignored',
} as const;
export type RecordStatus = (typeof RecordStatus)[keyof typeof RecordStatus];

/** The dry-run result of one record. */
export interface RecordReport {
  record: number;
  /** Line in an NDJSON file. */
  line?: number;
  /** The deal ID the integration identifies, when the payload has a usable one. */
  recordKey?: string;
  status: RecordStatus;
  reasons: FieldProblem[];
  warnings: FieldProblem[];
  unmappedSourceFields: string[];
  /** The bodies that would be sent, per target (ok records only). */
  targets?: Record<string, unknown>;
  /** With `--score`: the record's anomaly score and reasons against the current baseline. */
  anomaly?: AnomalyAssessment;
}

/** Counts per status. */
export type DryRunTotals = { records: number } & Record<RecordStatus, number>;

export function emptyTotals(): DryRunTotals {
  return { records: 0, ok: 0, ok_with_warnings: 0, rejected: 0, unreadable: 0, ignored: 0 };
}

const statusLabel: Record<RecordStatus, string> = {
  ok: 'ok',
  ok_with_warnings: 'ok with warnings',
  rejected: 'REJECTED',
  unreadable: 'UNREADABLE',
  ignored: 'ignored',
};

/** A record as human-readable lines. */
export function formatRecordText(report: RecordReport, showTargets: boolean): string[] {
  const where =
    report.line === undefined ? `record ${report.record}` : `record ${report.record} (line ${report.line})`;
  const key = report.recordKey ? ` ${report.recordKey}` : '';
  const count = report.status === 'ok_with_warnings' ? ` (${report.warnings.length})` : '';
  const lines = [`${where}${key}: ${statusLabel[report.status]}${count}`];
  const problem = (label: string, p: FieldProblem) =>
    `  ${label} ${printable(p.field)} [${printable(p.code)}]: ${printable(p.reason)}`;
  for (const reason of report.reasons) lines.push(problem('rejected', reason));
  for (const warning of report.warnings) lines.push(problem('warning ', warning));
  if (report.anomaly) lines.push(...formatAnomalyText(report.anomaly));
  if (report.unmappedSourceFields.length > 0) {
    lines.push(`  unmapped source fields: ${report.unmappedSourceFields.map(printable).join(', ')}`);
  }
  if (showTargets && report.targets) {
    for (const [target, body] of Object.entries(report.targets)) {
      lines.push(`  → ${target} ${printable(JSON.stringify(body))}`);
    }
  }
  return lines;
}

/** The totals line of the text report. */
export function formatTotalsText(totals: DryRunTotals): string {
  return (
    `${totals.records} records: ${totals.ok} ok, ${totals.ok_with_warnings} ok with warnings, ` +
    `${totals.rejected} rejected, ${totals.unreadable} unreadable, ${totals.ignored} ignored`
  );
}

/** The score line and reasons of a scored record. */
function formatAnomalyText(assessment: AnomalyAssessment): string[] {
  const verdict = assessment.coldStart
    ? 'cold start, never held'
    : assessment.held
      ? `HELD (threshold ${assessment.threshold})`
      : `below the threshold ${assessment.threshold}`;
  return [
    `  score ${assessment.score.toFixed(2)}: ${verdict}`,
    ...assessment.reasons.map((reason) => `    unusual [${reason.kind}]: ${printable(reason.text)}`),
  ];
}
