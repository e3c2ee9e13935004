import { describeKind } from './describe-kind';
import type { AnyMappingDefinition, SourceFieldRule, TargetFieldRule } from './mapping-definition';

/** One line of the mapping table: a value's path from a source field through the canonical record to a target. */
export interface MappingTableRow {
  /** Source path(s), in priority order; `—` for constants. */
  sourceField: string;
  /** Canonical field (`organization.name`); `—` for target constants. */
  canonicalField: string;
  /** Target field (`project-tool.client`); `—` when the canonical field feeds no target yet. */
  targetField: string;
  type: string;
  transform: string;
  constraints: string;
  policy: string;
}

/**
 * Lists every field an integration moves: one row per source field → canonical field → target field, plus
 * canonical fields no target reads yet and target constants. Generated from the definition the code runs.
 */
export function buildMappingTable(definition: AnyMappingDefinition): MappingTableRow[] {
  const rows: MappingTableRow[] = [];
  const targetRules = Object.entries(definition.targets).flatMap(([target, mapping]) =>
    (mapping?.fields ?? []).map((rule) => ({ target, rule })),
  );
  const readsFrom = (rule: TargetFieldRule<string>, canonical: string) =>
    'canonical' in rule.from &&
    (rule.from.canonical === canonical || rule.from.canonical.startsWith(`${canonical}.`));

  for (const field of definition.fields) {
    const kind = describeKind(field);
    const sourceRow = {
      sourceField: field.from.join(', then '),
      type: kind.type,
      transform: field.note ? `${kind.transform}. ${field.note}` : kind.transform,
    };
    const feeding = targetRules.filter(({ rule }) => readsFrom(rule, field.canonical));
    if (feeding.length === 0) {
      rows.push({
        ...sourceRow,
        canonicalField: field.canonical,
        targetField: '— (canonical only)',
        constraints: sourceConstraints(field),
        policy: sourcePolicy(field),
      });
    }
    for (const { target, rule } of feeding) {
      const canonicalField = 'canonical' in rule.from ? rule.from.canonical : field.canonical;
      rows.push({
        ...sourceRow,
        canonicalField,
        targetField: `${target}.${rule.target}`,
        type: `${kind.type} → ${rule.type}`,
        constraints: [sourceConstraints(field), targetConstraints(target, rule)].filter(Boolean).join('; '),
        policy: [sourcePolicy(field), targetPolicy(target, rule)].filter(Boolean).join('; '),
      });
      // The full value of a shortened field is moved too, to a field of its own.
      const copyTo =
        rule.onTooLong?.policy === 'shorten-with-warning' ? rule.onTooLong.copyFullValueTo : undefined;
      if (copyTo !== undefined && rule.maxLength !== undefined) {
        rows.push({
          ...sourceRow,
          canonicalField,
          targetField: `${target}.${copyTo}`,
          type: `${kind.type} → ${rule.type}`,
          transform: `${kind.transform}. Full value of ${target}.${rule.target} when that is shortened`,
          constraints: [sourceConstraints(field), `${target}: optional`].join('; '),
          policy: `Written only when ${target}.${rule.target} is longer than ${rule.maxLength} chars and shortened`,
        });
      }
    }
  }
  for (const { target, rule } of targetRules) {
    if (!('constant' in rule.from)) continue;
    rows.push({
      sourceField: '—',
      canonicalField: '—',
      targetField: `${target}.${rule.target}`,
      type: rule.type,
      transform: `Constant ${JSON.stringify(rule.from.constant)}`,
      constraints: targetConstraints(target, rule),
      policy: 'Always set',
    });
  }
  return rows;
}

function sourceConstraints(field: SourceFieldRule<string>): string {
  const parts = [field.required ? 'required' : 'optional'];
  if (field.maxLength !== undefined) parts.push(`≤ ${field.maxLength} chars`);
  return parts.join(', ');
}

function sourcePolicy(field: SourceFieldRule<string>): string {
  const conflict = field.from.length > 1 ? 'Conflict: first present and valid source wins. ' : '';
  if (field.required) return `${conflict}Missing or invalid: reject the record`;
  const missing =
    field.defaultValue !== undefined ? `Missing: ${JSON.stringify(field.defaultValue)}` : 'Missing: null';
  const invalid =
    field.onInvalid === 'reject'
      ? 'invalid: reject the record'
      : `invalid: ${field.defaultValue !== undefined ? `use ${JSON.stringify(field.defaultValue)}` : 'leave null'} with a warning`;
  return `${conflict}${missing}; ${invalid}`;
}

function targetConstraints(target: string, rule: TargetFieldRule<string>): string {
  const parts = [`${target}: ${rule.required ? 'required' : 'optional'}`];
  if (rule.maxLength !== undefined) parts.push(`≤ ${rule.maxLength} chars`);
  return parts.join(', ');
}

function targetPolicy(target: string, rule: TargetFieldRule<string>): string {
  if (rule.maxLength === undefined) return '';
  const overflow = rule.onTooLong ?? { policy: 'reject' as const };
  if (overflow.policy === 'reject') return `Too long for ${target}: reject the record`;
  return (
    `Too long for ${target}: shorten to ${rule.maxLength} at a word or grapheme boundary, ending "…", with a ` +
    `warning; full value in ${overflow.fullValueKeptIn}`
  );
}
