import {
  defaultPayloadConverter,
  type Payload,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

/** The header Temporal's OpenTelemetry interceptors carry a W3C trace context in (theirs, so both sides agree). */
export const traceContextHeader = '_tracer-data';

/**
 * Workflow interceptors that pass the trace context of the event being handled on to the activities the
 * workflow schedules, so an activity's span (and its vendor HTTP spans) joins the trace the API started.
 *
 * Why not @temporalio/interceptors-opentelemetry's workflow interceptors: they create spans inside the workflow
 * with `await`s of their own, and on histories recorded without them (every open record today) they take their
 * compatibility path with extra yields — which reorders an update's completion against a search-attribute
 * upsert and fails replay (captured fixtures showed it: "UpsertWorkflowSearchAttributesMachine does not handle
 * WorkflowExecutionUpdateCompleted"). These interceptors never await and never add a command: they copy one
 * header payload from the start or the latest signal into the headers of scheduled activities and children,
 * and name the trace in workflow log lines. The workflow itself gets no span of its own; its activities do.
 */
export const interceptors: WorkflowInterceptorsFactory = () => {
  let current: Payload | undefined;
  const remember = (headers: Record<string, Payload>) => {
    current = headers[traceContextHeader] ?? current;
  };
  const withTrace = (headers: Record<string, Payload>) =>
    current && !headers[traceContextHeader] ? { ...headers, [traceContextHeader]: current } : headers;
  return {
    inbound: [
      {
        execute(input, next) {
          remember(input.headers);
          return next(input);
        },
        handleSignal(input, next) {
          remember(input.headers);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next({ ...input, headers: withTrace(input.headers) }),
        scheduleLocalActivity: (input, next) => next({ ...input, headers: withTrace(input.headers) }),
        startChildWorkflowExecution: (input, next) => next({ ...input, headers: withTrace(input.headers) }),
        getLogAttributes: (input, next) => next({ ...traceIdOf(current), ...input }),
      },
    ],
  };
};

/** `{trace_id}` from a W3C `traceparent` (`00-<trace id>-<span id>-<flags>`), as in the API's log lines. */
function traceIdOf(payload: Payload | undefined): { trace_id?: string } {
  if (!payload) return {};
  try {
    const carrier = defaultPayloadConverter.fromPayload<{ traceparent?: string }>(payload);
    const traceId = carrier?.traceparent?.split('-')[1];
    return traceId ? { trace_id: traceId } : {};
  } catch {
    return {};
  }
}
