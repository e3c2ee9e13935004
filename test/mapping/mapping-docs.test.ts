import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientOnboarding } from '../../src/integrations/client-onboarding';
import { mappedIntegrations } from '../../src/integrations/registry';
import { buildMappingTable } from '../../src/mapping/mapping-table';
import { renderIntegrationDocs } from '../../src/integrations/render-integration-docs';

const repoRoot = join(import.meta.dirname, '..', '..');

describe('docs/mappings', () => {
  it.each(mappedIntegrations().map((integration) => [integration.name, integration] as const))(
    '%s.md is up to date (run `npm run docs:mappings` if this fails)',
    (name, integration) => {
      const committed = readFileSync(join(repoRoot, 'docs', 'mappings', `${name}.md`), 'utf8');
      expect(committed).toBe(renderIntegrationDocs(integration));
    },
  );
});

describe('When a record changes (generated)', () => {
  it('lists every event the integration handles with its action, and every target field with its owner', () => {
    const docs = renderIntegrationDocs(clientOnboarding);
    expect(docs).toContain('## When a record changes');
    expect(docs).toContain('| `deal.updated` | update the records Loudwire created');
    expect(docs).toContain('| `deal.lost` | The deal was lost after it was won');
    expect(docs).toContain('| `deal.reopened` | park for a person');
    expect(docs).toContain('| project-tool/projects | status | `target` |');
    expect(docs).toContain('| project-tool/projects | name | `loudwire` |');
    expect(docs).toContain('| billing/customers | country | `park` |');
  });
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
