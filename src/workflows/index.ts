// The workflow bundle's entry point: every workflow the worker registers.
export { recordSyncWorkflow } from './record-sync-workflow';
export { batchSyncWorkflow } from './batch-sync-workflow';
export { credentialHealthWorkflow } from './credential-health-workflow';
