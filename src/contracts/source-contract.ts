/** JSON types a contract field may take. */
export type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface ContractField {
  /** Accepted JSON types; `null` listed means the field may be null. */
  types: readonly JsonType[];
  /** Absent field breaks the contract when true. */
  required: boolean;
  /** Declared members when the field is an object. */
  fields?: ContractShape;
}

/** What a source promises to send: every field, its JSON type, and whether it is always there. */
export type ContractShape = Readonly<Record<string, ContractField>>;

/** One difference between a payload and its source's contract. */
export interface ContractChange {
  /** Dotted path, e.g. `company.name`. */
  path: string;
  change: 'missing' | 'unexpected' | 'type_changed' | 'renamed';
  /** Declared types (missing, type_changed, renamed). */
  expected?: string;
  /** The JSON type found (unexpected, type_changed). */
  actual?: string;
  /** For `renamed`: the new name the field seems to have. */
  renamedTo?: string;
}

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

/** Changes that make a payload unusable as the contract describes it (anything but new fields). */
export function isBreaking(change: ContractChange): boolean {
  return change.change !== 'unexpected';
}
