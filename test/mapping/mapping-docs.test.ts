import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientOnboarding } from '../../src/integrations/client-onboarding';
import { mappedIntegrations } from '../../src/integrations/registry';
import { buildMappingTable } from '../../src/mapping/mapping-table';
import { renderMappingMarkdown } from '../../src/mapping/render-mapping-docs';

const repoRoot = join(import.meta.dirname, '..', '..');

describe('docs/mappings', () => {
  it.each(mappedIntegrations().map((integration) => [integration.name, integration] as const))(
    '%s.md is up to date (run `npm run docs:mappings` if this fails)',
    (name, integration) => {
      const committed = readFileSync(join(repoRoot, 'docs', 'mappings', `${name}.md`), 'utf8');
      expect(committed).toBe(renderMappingMarkdown(integration.mapping));
    },
  );
});

describe('buildMappingTable', () => {
  it('lists the field a shortened value’s full text is copied to as a target row of its own', () => {
    const rows = buildMappingTable(clientOnboarding.mapping);
    expect(rows).toContainEqual(
      expect.objectContaining({
        sourceField: 'company.name',
        targetField: 'billing/customers.metadata.full_name',
        policy: expect.stringContaining('only when billing/customers.name') as unknown,
      }),
    );
  });
});
