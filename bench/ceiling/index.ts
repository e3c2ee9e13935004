// The no-op ceiling's workflow bundle entry point.
export { noopRecordWorkflow } from './noop-workflow';
