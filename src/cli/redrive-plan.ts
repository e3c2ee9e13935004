import { incidentAttribute } from '../temporal/search-attributes';
import type { ParkedRecord } from './parked-records';

/** The visibility clause of the records parked on one incident. */
export function incidentClause(incidentId: string): string {
  return `${incidentAttribute.name} = "${incidentId.replace(/["\\]/g, '')}"`;
}

/**
 * What a redrive would touch, before it touches anything: the action, each record with its class and reason,
 * and a count by class (records of one incident share it; a query may mix several).
 */
export function renderRedrivePlan(
  records: readonly ParkedRecord[],
  options: { action: string; incident?: string; query?: string },
): string {
  const scope = options.incident ? `incident ${options.incident}` : `query ${options.query ?? '(all)'}`;
  if (records.length === 0) {
    return options.incident
      ? `Plan: nothing to ${options.action} — no record is parked on ${scope} (resolved, or no such incident; ` +
          `see loudwire incidents).\n`
      : `Plan: nothing to ${options.action} — no parked record matches ${scope}.\n`;
  }
  const byClass = new Map<string, number>();
  const lines = records.map((record) => {
    const alertClass = record.parkedClass ?? '(unclassified)';
    byClass.set(alertClass, (byClass.get(alertClass) ?? 0) + 1);
    return `  ${record.workflowId}  ${alertClass}: ${record.parkedReason ?? '(no reason recorded)'}\n`;
  });
  const classes = [...byClass].map(([name, count]) => `${name} ${count}`).join(', ');
  return (
    `Plan: ${options.action} ${records.length} parked record(s) of ${scope} (${classes}):\n` +
    lines.join('') +
    `Nothing was changed. Run the same command without --plan to ${options.action} them.\n`
  );
}
