import type { ScaffoldNames } from './names';

export interface IntegrationScaffold {
  names: ScaffoldNames;
  /** Source system (`crm`). */
  source: string;
  /** Event type it acts on (`deal.won`). */
  event: string;
  /** Target resource (`project-tool/projects`). */
  target: string;
}

/** The files of a new webhook-driven integration (route), by path relative to the repository root. */
export function integrationFiles({
  names,
  source,
  event,
  target,
}: IntegrationScaffold): Record<string, string> {
  const { kebab, camel, pascal } = names;
  const folder = `src/integrations/${kebab}`;
  return {
    [`src/canonical/${kebab}.ts`]: `import { z } from 'zod';
import { cleanTextOfAtMost, SourceId } from './formats';

/** What ${kebab} moves, target-neutral (full values, no vendor limits). */
export const ${pascal}Item = z
  .object({
    sourceId: SourceId.describe('ID of the record in ${source}'),
    name: cleanTextOfAtMost(255).describe('Its name, in full'),
  })
  .describe('${pascal} item');

/** The canonical record of the ${kebab} integration. */
export const Canonical${pascal}Record = z.object({ ${camel}: ${pascal}Item }).describe('Canonical record of ${kebab}');
export type Canonical${pascal}Record = z.infer<typeof Canonical${pascal}Record>;
`,
    [`${folder}/payload.ts`]: `/** The data of ${source}'s \`${event}\` as it documents it (leaves are \`unknown\` at runtime). */
export interface ${pascal}Payload {
  record: { id: string; name: string; version: number };
}
`,
    [`${folder}/source-contract.ts`]: `import type { ContractShape } from '../../contracts/source-contract';

/**
 * What ${source} promises to send with \`${event}\`; drift from it raises a SchemaDrift alert with the diff. When
 * other integrations read the same event, move it into src/systems/${source}/.
 */
export const ${camel}SourceContract: ContractShape = {
  record: {
    types: ['object'],
    required: true,
    fields: {
      id: { types: ['string'], required: true },
      name: { types: ['string'], required: true },
      version: { types: ['number'], required: true },
    },
  },
};
`,
    [`${folder}/target-body.ts`]: `import { z } from 'zod';

/**
 * The body ${target} accepts. Replace it with the body schema of the target system's folder
 * (src/systems/${target.split('/')[0]}/) when it has one.
 */
export const ${pascal}TargetBody = z
  .object({ name: z.string().min(1).max(200), external_id: z.string().min(1).max(255) })
  .strict();
`,
    [`${folder}/mapping.ts`]: `import { Canonical${pascal}Record } from '../../canonical/${kebab}';
import { defineTargetMapping } from '../../mapping/define-target-mapping';
import type { MappingDefinition, SourcePathOf } from '../../mapping/mapping-definition';
import type { ${pascal}Payload } from './payload';
import { ${pascal}TargetBody } from './target-body';

/** ${source} \`${event}\` → canonical ${camel} → ${target}, field by field. */
export const ${camel}Mapping: MappingDefinition<SourcePathOf<${pascal}Payload>> = {
  integration: '${kebab}',
  source: { system: '${source}', eventTypes: ['${event}'], numberFormat: { decimalSeparator: '.', groupSeparator: ',' } },
  groups: [{ source: 'record', canonical: '${camel}', required: true }],
  fields: [
    { canonical: '${camel}.sourceId', from: ['record.id'], kind: 'identifier', required: true, onInvalid: 'reject' },
    { canonical: '${camel}.name', from: ['record.name'], kind: 'text', required: true, maxLength: 255, onInvalid: 'reject' },
  ],
  canonicalSchema: Canonical${pascal}Record,
  targets: {
    '${target}': defineTargetMapping(${pascal}TargetBody, [
      {
        target: 'name',
        from: { canonical: '${camel}.name' },
        type: 'string',
        required: true,
        maxLength: 200,
        onTooLong: { policy: 'shorten-with-warning', fullValueKeptIn: 'canonical ${camel}.name' },
      },
      { target: 'external_id', from: { canonical: '${camel}.sourceId' }, type: 'string', required: true },
    ]),
  },
};
`,
    [`${folder}/identify.ts`]: `import { isPlainObject } from '../../mapping/field-path';
import { normalizeIdentifier } from '../../mapping/normalize/identifier';
import { normalizeSequence } from '../../mapping/normalize/sequence';

/** The record key (its ID) and version of a \`${event}\` payload. */
export function identify${pascal}(payload: unknown): { recordKey: string; sequence: number } | undefined {
  const record = isPlainObject(payload) ? payload.record : undefined;
  if (!isPlainObject(record)) return undefined;
  const id = normalizeIdentifier(record.id);
  if (!id.ok) return undefined;
  const version = normalizeSequence(record.version);
  return { recordKey: id.value, sequence: version.ok ? version.value : 0 };
}
`,
    [`${folder}/index.ts`]: `import { runMapping } from '../../mapping/run-mapping';
import type { IntegrationDefinition } from '../integration';
import { identify${pascal} } from './identify';
import { ${camel}Mapping } from './mapping';
import { ${camel}SourceContract } from './source-contract';

/** ${source} \`${event}\` → ${target}. */
export const ${camel}: IntegrationDefinition = {
  name: '${kebab}',
  description: '${source} ${event} becomes a record in ${target}.',
  trigger: 'webhook',
  source: '${source}',
  eventTypes: ['${event}'],
  targets: ['${target}'],
  identify: identify${pascal},
  map: (payload) => runMapping(${camel}Mapping, payload),
  mapping: ${camel}Mapping,
  sourceContract: ${camel}SourceContract,
};
`,
    [`test/integrations/${kebab}.test.ts`]: `import { describe, expect, it } from 'vitest';
import { diffAgainstContract } from '../../src/contracts/diff-against-contract';
import { ${camel} } from '../../src/integrations/${kebab}';
import { findIntegration } from '../../src/integrations/registry';

const payload = { record: { id: 'src_1', name: '  Ünïcode   name ', version: 3 } };

describe('integration ${kebab}', () => {
  it('is registered for ${source} ${event} and writes ${target}', () => {
    expect(findIntegration('${kebab}')).toBe(${camel});
    expect(${camel}).toMatchObject({ source: '${source}', eventTypes: ['${event}'], targets: ['${target}'] });
  });

  it('identifies the record and version', () => {
    expect(${camel}.identify(payload)).toEqual({ recordKey: 'src_1', sequence: 3 });
    expect(${camel}.identify({})).toBeUndefined();
  });

  it('maps a payload explicitly into the target body, and the payload matches its contract', () => {
    expect(diffAgainstContract(${camel}.sourceContract, payload)).toEqual([]);
    const outcome = ${camel}.map(payload);
    expect(outcome.status).toBe('ok');
    expect(outcome.status === 'ok' && outcome.targets['${target}']).toEqual({ name: 'Ünïcode name', external_id: 'src_1' });
  });

  it('rejects a record without a name, naming the field', () => {
    const outcome = ${camel}.map({ record: { id: 'src_2', version: 1 } });
    expect(outcome.status).toBe('rejected');
    expect(outcome.status === 'rejected' && outcome.reasons.map((reason) => reason.field)).toContain('record.name');
  });
});
`,
  };
}
