import { jsonTypeOf, type ContractChange, type ContractShape } from './source-contract';

/**
 * Compares a payload with its source's contract and lists every difference: missing required fields, fields
 * whose JSON type changed, fields the contract does not know, and — when one object lost a field and gained one
 * of the same type — a probable rename. Never throws, whatever the payload.
 */
export function diffAgainstContract(
  contract: ContractShape,
  payload: unknown,
  prefix = '',
): ContractChange[] {
  if (jsonTypeOf(payload) !== 'object') {
    return [
      {
        path: prefix || '(payload)',
        change: 'type_changed',
        expected: 'object',
        actual: jsonTypeOf(payload),
      },
    ];
  }
  const record = payload as Record<string, unknown>;
  const changes: ContractChange[] = [];
  const missing: ContractChange[] = [];
  const unexpected: ContractChange[] = [];

  for (const [name, field] of Object.entries(contract)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (!Object.hasOwn(record, name) || record[name] === undefined) {
      if (field.required) missing.push({ path, change: 'missing', expected: field.types.join('|') });
      continue;
    }
    const actual = jsonTypeOf(record[name]);
    if (!field.types.includes(actual)) {
      changes.push({ path, change: 'type_changed', expected: field.types.join('|'), actual });
    } else if (actual === 'object' && field.fields) {
      changes.push(...diffAgainstContract(field.fields, record[name], path));
    }
  }
  for (const name of Object.keys(record)) {
    if (Object.hasOwn(contract, name)) continue;
    unexpected.push({
      path: prefix ? `${prefix}.${name}` : name,
      change: 'unexpected',
      actual: jsonTypeOf(record[name]),
    });
  }

  // One field gone and one new of a compatible type at the same level reads as a rename: report it as one.
  for (const gone of missing) {
    const index = unexpected.findIndex((added) => gone.expected?.split('|').includes(added.actual ?? ''));
    if (index === -1) {
      changes.push(gone);
      continue;
    }
    const [added] = unexpected.splice(index, 1);
    changes.push({ path: gone.path, change: 'renamed', expected: gone.expected, renamedTo: added!.path });
  }
  return [...changes, ...unexpected];
}

/** One line per change, for alerts and logs: `company.name renamed to company.companyName`. */
export function describeContractChange(change: ContractChange): string {
  switch (change.change) {
    case 'missing':
      return `${change.path} is missing (expected ${change.expected})`;
    case 'unexpected':
      return `${change.path} is new (${change.actual})`;
    case 'type_changed':
      return `${change.path} changed type: expected ${change.expected}, got ${change.actual}`;
    case 'renamed':
      return `${change.path} renamed to ${change.renamedTo}`;
  }
}
