import { diffAgainstContract } from '../contracts/diff-against-contract';
import type { ContractChange } from '../contracts/source-contract';
import type { IntegrationDefinition } from '../integrations/integration';
import type { MappingOutcome } from '../mapping/outcome';

/** Everything the workflow needs to decide what to do with one source payload. */
export interface PreparedRecord {
  /** The source sent nothing usable: null, `{}`, `[]`, or an empty string. */
  empty: boolean;
  /** Differences from the source's contract (empty when it conforms). */
  contractChanges: ContractChange[];
  /** The mapping's verdict; undefined when the payload is empty. */
  outcome?: MappingOutcome;
}

/**
 * Pure and deterministic: runs as a local activity (and in the CLI). The contract is checked on the payload as
 * the source sent it; the mapping reads it together with its looked-up references (under `lookup`), if any.
 */
export function prepareSourceRecord(
  integration: IntegrationDefinition,
  payload: unknown,
  lookup?: unknown,
): PreparedRecord {
  if (isEmptyPayload(payload)) return { empty: true, contractChanges: [] };
  const withReferences =
    lookup !== undefined && payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? { ...payload, lookup }
      : payload;
  return {
    empty: false,
    contractChanges: diffAgainstContract(integration.sourceContract, payload),
    outcome: integration.map(withReferences),
  };
}

function isEmptyPayload(payload: unknown): boolean {
  if (payload === null || payload === undefined || payload === '') return true;
  if (Array.isArray(payload)) return payload.length === 0;
  return typeof payload === 'object' && Object.keys(payload).length === 0;
}
