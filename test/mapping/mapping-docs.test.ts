import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mappedIntegrations } from '../../src/integrations/registry';
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
