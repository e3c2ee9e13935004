import { AlertClass } from '../alerts/alert';
import type { ContractChange } from '../contracts/source-contract';
import type { Incident } from '../workflows/classify-incident';
import { shortHash, type IncidentKey } from './incident-key';

/**
 * Warnings a record raises without parking that group into an incident, like parked failures do: many records
 * showing the same thing are one cause, alerted once. Other warnings stay one alert per record, because each asks
 * for something about that one record: `ApprovalRequested`/`ApprovalEscalated`/`ApprovalExpired` (a person decides
 * that record, through its own link) and `RecordArchived` (a person follows that deal up).
 */
export const groupedWarningClasses: readonly AlertClass[] = [
  AlertClass.schemaDrift,
  AlertClass.targetDrifted,
];

/**
 * The incident key of a warning that groups, or undefined when the warning alerts per record. Keys carry shapes
 * only, never values: schema drift is keyed by its source and the changed field paths with their kinds and JSON
 * types (`unexpected:company.vatId:string`); target drift by its targets, fields and resolutions.
 */
export function warningIncidentKeyOf(
  integration: string,
  source: string,
  incident: Incident,
): IncidentKey | undefined {
  if (incident.severity !== 'warning') return undefined; // critical ones park, and join through their own path
  const details = (incident.details ?? {}) as { diff?: unknown; omittedChanges?: unknown };
  const diff = Array.isArray(details.diff) ? (details.diff as unknown[]) : [];
  if (diff.length === 0) return undefined;
  if (incident.alertClass === AlertClass.schemaDrift) {
    const shape = (diff as ContractChange[]).map(
      (change) =>
        `${change.change}:${change.path}:${change.expected ?? ''}>${change.actual ?? ''}` +
        (change.renamedTo ? `>${change.renamedTo}` : ''),
    );
    const omitted = typeof details.omittedChanges === 'number' ? details.omittedChanges : 0;
    return {
      integration,
      // The source whose payloads drifted: every record of the integration comes from it.
      target: source,
      alertClass: AlertClass.schemaDrift,
      fingerprint: fingerprintOf([source, ...shape, ...(omitted > 0 ? [`+${omitted}`] : [])]),
    };
  }
  if (incident.alertClass === AlertClass.targetDrifted) {
    const fields = diff as { target?: unknown; field?: unknown; resolution?: unknown }[];
    const targets = [...new Set(fields.map((field) => String(field.target)))].sort();
    return {
      integration,
      target: targets.join('+'),
      alertClass: AlertClass.targetDrifted,
      fingerprint: fingerprintOf(
        fields.map((field) => `${String(field.target)}.${String(field.field)}:${String(field.resolution)}`),
      ),
    };
  }
  return undefined;
}

/** Order-free: the same set of changes hashes alike whatever order a payload listed its fields in. */
function fingerprintOf(parts: string[]): string {
  return shortHash([...new Set(parts)].sort().join('\n'));
}
