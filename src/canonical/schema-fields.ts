import { z } from 'zod';
import { CanonicalRecord } from './canonical-record';

/** One documented field of the canonical schema. */
export interface CanonicalFieldDoc {
  /** Dotted path, e.g. `deal.amount.amountMinor`. */
  path: string;
  /** JSON type, with `| null` when the field may be null. */
  type: string;
  /** Accepted values: pattern, length or range limits. */
  accepts: string;
  description: string;
}

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  anyOf?: JsonSchemaNode[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

/**
 * Lists every field of the canonical schema with its type, accepted values and description, read from the
 * zod schema itself (through its JSON Schema), so the documentation cannot drift from the validation.
 */
export function canonicalSchemaFields(): CanonicalFieldDoc[] {
  const root = z.toJSONSchema(CanonicalRecord) as JsonSchemaNode;
  const fields: CanonicalFieldDoc[] = [];
  const visit = (node: JsonSchemaNode, path: string, nullable: boolean, description: string | undefined) => {
    const variants = node.anyOf ?? [node];
    const concrete = variants.find((variant) => variant.type !== 'null') ?? node;
    const mayBeNull =
      nullable || variants.some((variant) => variant.type === 'null') || [node.type].flat().includes('null');
    const ownDescription = node.description ?? description ?? concrete.description ?? '';
    const baseType = [concrete.type].flat().find((type) => type !== 'null') ?? 'unknown';
    if (path !== '') {
      fields.push({
        path,
        type: `${baseType}${mayBeNull ? ' | null' : ''}`,
        accepts: acceptedValues(concrete),
        description: ownDescription,
      });
    }
    for (const [key, child] of Object.entries(concrete.properties ?? {})) {
      visit(child, path === '' ? key : `${path}.${key}`, false, undefined);
    }
  };
  visit(root, '', false, undefined);
  return fields;
}

function acceptedValues(node: JsonSchemaNode): string {
  const parts: string[] = [];
  if (node.format) parts.push(`format ${node.format}`);
  if (node.pattern && !node.format) parts.push(`pattern \`${node.pattern}\``);
  if (node.minLength !== undefined || node.maxLength !== undefined) {
    parts.push(`${node.minLength ?? 0}–${node.maxLength ?? '∞'} chars`);
  }
  if (node.minimum !== undefined || node.maximum !== undefined) {
    parts.push(`${node.minimum ?? '−∞'} to ${node.maximum ?? '∞'}`);
  }
  return parts.join(', ');
}
