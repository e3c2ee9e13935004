// The workflow bundle's entry point: every workflow the worker registers.
export { recordSyncWorkflow } from './record-sync-workflow';
export { batchSyncWorkflow } from './batch-sync-workflow';
export { credentialHealthWorkflow } from './credential-health-workflow';
export { unhandledEventWorkflow } from './unhandled-event-workflow';
export { unhandledEventAlertsWorkflow } from './unhandled-event-alerts-workflow';
export { stuckWorkflowCheckWorkflow } from './stuck-workflow-check-workflow';
export { integrationBaselineWorkflow } from './integration-baseline-workflow';
export { incidentWorkflow } from './incident-workflow';
export { silenceCheckWorkflow } from './silence-check-workflow';
