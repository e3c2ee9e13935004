import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What `npm run build` compiles into dist/: output name → source entry point (relative to the project root). */
export const compiledEntryPoints = {
  worker: 'src/worker.ts',
  'api-server': 'src/api/server.ts',
  cli: 'src/cli/loudwire.ts',
} as const;

/** The prebuilt workflow bundle, next to the compiled worker in dist/. */
export const workflowBundleFileName = 'workflow-bundle.js';

/**
 * The prebuilt workflow bundle when the calling entry point is the compiled one (dist/worker.js), so the worker
 * starts without webpack; undefined when it runs from source, which bundles src/workflows as it stands.
 */
export function prebuiltWorkflowBundle(entryModuleUrl: string): { codePath: string } | undefined {
  if (!entryModuleUrl.endsWith('.js')) return undefined;
  const codePath = join(dirname(fileURLToPath(entryModuleUrl)), workflowBundleFileName);
  return existsSync(codePath) ? { codePath } : undefined;
}
