import type { z } from 'zod';
import type { FieldPath } from './field-path';
import type { TargetFieldRule, TargetMapping } from './mapping-definition';

/**
 * Declares a target's mapping against the vendor's body schema: each rule's `target` must be a field of that
 * body (a typo is a compile error). Returns the mapping widened for the integration's target list.
 */
export function defineTargetMapping<Body extends Record<string, unknown>>(
  bodySchema: z.ZodType<Body>,
  fields: readonly TargetFieldRule<FieldPath<Body>>[],
): TargetMapping<Record<string, unknown>> {
  return { bodySchema, fields } as TargetMapping<Record<string, unknown>>;
}
