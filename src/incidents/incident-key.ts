import type { AlertClass } from '../alerts/alert';

/** What groups alerts into one incident: the same integration, target, class and cause. */
export interface IncidentKey {
  integration: string;
  /** The target resource that failed (`project-tool/projects`), or `record` when the record itself was refused. */
  target: string;
  alertClass: AlertClass;
  /** A short hash of the cause with every value masked: the same failure on many records hashes alike. */
  fingerprint: string;
}

/** Target named by incidents that concern the record itself (schema drift, a rejected record, an empty payload). */
export const recordItself = 'record';

/**
 * The incident workflow's ID: one per task queue (environments sharing a namespace never mix) and key. It names
 * the integration, target and class and a hash of the cause, never a value or a secret.
 */
export function incidentWorkflowId(taskQueue: string, key: IncidentKey): string {
  const parts = [taskQueue, key.integration, key.target, key.alertClass, key.fingerprint].map(safeIdPart);
  return `incident:${parts.join(':')}`;
}

/**
 * The cause of a failure, stripped of what differs from record to record: quoted values, identifiers, numbers,
 * emails. `billing/customers: retries exhausted; last error TargetServerError: HTTP 500` stays as it is;
 * `… holds "Acme" where "ACME" was written` hashes like every other mismatch of that field.
 */
export function causeFingerprint(cause: string): string {
  const normalized = cause
    // Where a request went, not which record it was for: hosts, ports and query strings vary per deployment and record.
    .replace(/https?:\/\/[^/\s]+/g, '')
    .replace(/\?[^\s]*/g, '')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/[^\s"'<>(),;:]+@[^\s"'<>(),;:]+/g, '<email>')
    .replace(/\b[a-z]+_[A-Za-z0-9]{6,}\b/g, '<id>')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
  return fnv1a64(normalized);
}

/** 64-bit FNV-1a as 16 hex digits: deterministic and dependency-free, so workflow code can use it. */
function fnv1a64(text: string): string {
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (let index = 0; index < text.length; index += 1) {
    low = (low ^ text.charCodeAt(index)) >>> 0;
    // Multiply by the FNV prime 0x100000001b3 in 32-bit halves.
    const lowProduct = low * 0x1b3;
    const carry = Math.floor(lowProduct / 0x1_0000_0000);
    high = (high * 0x1b3 + low * 0x100 + carry) >>> 0;
    low = lowProduct >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

/** A short hash of any text (member IDs kept by a large incident). */
export function shortHash(text: string): string {
  return fnv1a64(text);
}

function safeIdPart(text: string): string {
  return text.replace(/[^A-Za-z0-9_./-]/g, '_').slice(0, 100);
}
