import { fileURLToPath } from 'node:url';

/** The workflow bundle's entry point, for `Worker.create` and `bundleWorkflowCode`. */
export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
