import type { Connection } from '@temporalio/client';
// @temporalio/proto is CommonJS: a default import works both under Node's ESM loader and bundlers.
import proto from '@temporalio/proto';
import { loudwireSearchAttributes } from './search-attributes';

const { IndexedValueType } = proto.temporal.api.enums.v1;

const indexedValueType: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
};

/**
 * Registers the search attributes Loudwire's workflows set, skipping those already there, so it is safe to run
 * at every start against any server (the dev server registers them itself from the CLI flags).
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys({ ...existing.customAttributes, ...existing.systemAttributes }));
  const missing = loudwireSearchAttributes.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedValueType[key.type]!])),
  });
  return missing.map((key) => key.name);
}
