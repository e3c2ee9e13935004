import { canonicalSchemaFields } from '../canonical/schema-fields';
import type { AnyMappingDefinition } from './mapping-definition';
import { buildMappingTable, type MappingTableRow } from './mapping-table';

/** Columns of the mapping table, in order, with their headings. */
const columns: readonly [keyof MappingTableRow, string][] = [
  ['sourceField', 'Source field'],
  ['canonicalField', 'Canonical field'],
  ['targetField', 'Target field'],
  ['type', 'Type'],
  ['transform', 'Transform'],
  ['constraints', 'Constraints'],
  ['policy', 'Policy'],
];

/** The mapping documentation of one integration as Markdown (what docs/mappings/<name>.md holds). */
export function renderMappingMarkdown(definition: AnyMappingDefinition): string {
  const { decimalSeparator, groupSeparator } = definition.source.numberFormat;
  const rows = buildMappingTable(definition);
  const lines = [
    `# Mapping: ${definition.integration}`,
    '',
    '<!-- Generated from the mapping definition by `npm run docs:mappings`; do not edit by hand. -->',
    '',
    `Source: \`${definition.source.system}\`, events ${definition.source.eventTypes.map((e) => `\`${e}\``).join(', ')}. ` +
      `Targets: ${Object.keys(definition.targets)
        .map((t) => `\`${t}\``)
        .join(', ')}.`,
    '',
    `Declared number format of the source: decimal separator \`${decimalSeparator}\`, ` +
      `group separator \`${groupSeparator}\`. Text lengths count UTF-16 code units.`,
    '',
    'Source fields that no row below reads are reported with each record as `unmappedSourceFields`.',
    '',
    '## Fields',
    '',
    markdownTable(
      columns.map(([, heading]) => heading),
      rows.map((row) => columns.map(([key]) => row[key])),
    ),
    '',
    '## Canonical schema',
    '',
    markdownTable(
      ['Field', 'Type', 'Accepted values', 'Description'],
      canonicalSchemaFields().map((field) => [
        `\`${field.path}\``,
        field.type,
        field.accepts,
        field.description,
      ]),
    ),
    '',
  ];
  return lines.join('\n');
}

/** The mapping table as JSON-safe data (what `loudwire mappings --format json` prints). */
export function mappingTableJson(definition: AnyMappingDefinition): object {
  return {
    integration: definition.integration,
    source: definition.source,
    targets: Object.keys(definition.targets),
    fields: buildMappingTable(definition),
    canonicalSchema: canonicalSchemaFields(),
  };
}

function markdownTable(headings: string[], rows: string[][]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${headings.map(cell).join(' | ')} |`,
    `| ${headings.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}
