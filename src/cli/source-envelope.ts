import { isPlainObject } from '../mapping/field-path';

/**
 * Accepts both shapes a webhook payload is saved in: the full envelope `{ type, timestamp, data }` and bare
 * `data`. A value is an envelope when it has a string `type` and a `data` key.
 */
export function unwrapEnvelope(value: unknown): { type?: string; data: unknown } {
  if (isPlainObject(value) && typeof value.type === 'string' && Object.hasOwn(value, 'data')) {
    return { type: value.type, data: value.data };
  }
  return { data: value };
}
