// Workflow-side code (bundled with the workflows only for `loudwire replay`): records each command the workflow
// code issues, so a divergence can be told as "the code now does X where the history recorded Y".
import { proxySinks, workflowInfo, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface ReplayRecorderSinks extends Sinks {
  replayRecorder: {
    /** One command, with the history length of the workflow task that issued it. */
    command(historyLength: number, description: string): void;
  };
}

const { replayRecorder } = proxySinks<ReplayRecorderSinks>();
const record = (description: string) => replayRecorder.command(workflowInfo().historyLength, description);

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(input, next) {
        record(`ScheduleActivityTask ${input.activityType}`);
        return next(input);
      },
      scheduleLocalActivity(input, next) {
        record(`local activity ${input.activityType} (MarkerRecorded)`);
        return next(input);
      },
      startTimer(input, next) {
        record(`StartTimer ${input.durationMs} ms`);
        return next(input);
      },
      startChildWorkflowExecution(input, next) {
        record(`StartChildWorkflowExecution ${input.workflowType}`);
        return next(input);
      },
      signalWorkflow(input, next) {
        record(`SignalExternalWorkflowExecution ${input.signalName}`);
        return next(input);
      },
      continueAsNew(input, next) {
        record('ContinueAsNewWorkflowExecution');
        return next(input);
      },
    },
  ],
});
