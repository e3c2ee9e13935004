import { mkdir, writeFile } from 'node:fs/promises';
import { mappedIntegrations } from '../integrations/registry';
import { renderIntegrationDocs } from '../integrations/render-integration-docs';

/** Where the generated mapping documentation lives, relative to the repository root. */
export const mappingDocsDirectory = 'docs/mappings';

/** Path of one integration's generated mapping document. */
export function mappingDocPath(integration: string): string {
  return `${mappingDocsDirectory}/${integration}.md`;
}

// `npm run docs:mappings`: regenerates docs/mappings/<integration>.md from the mapping definitions.
await mkdir(mappingDocsDirectory, { recursive: true });
for (const integration of mappedIntegrations()) {
  const path = mappingDocPath(integration.name);
  await writeFile(path, renderIntegrationDocs(integration));
  process.stdout.write(`wrote ${path}\n`);
}
