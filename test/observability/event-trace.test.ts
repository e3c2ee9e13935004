import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTracing } from '../../src/observability/tracing';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { recordsWithExternalId } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// One event, one trace: the API's span, the hand-over to Temporal, and the worker's activities with their vendor
// HTTP calls (look-up, write, read-back) share a trace ID, and the log lines of both sides carry it. The API and
// the worker run in this process, so one in-memory exporter sees every span.

const spans = new InMemorySpanExporter();
installTracing({}, 'loudwire-test', new SimpleSpanProcessor(spans));

let stack: LoudwireTestStack;

beforeAll(async () => {
  stack = await startLoudwireTestStack({}, { captureLogs: true });
  await stack.startWorker();
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('one OpenTelemetry trace per event', () => {
  it('follows a webhook from verification through the target writes and their read-backs', async () => {
    const envelope = dealWonEnvelope();
    const dealId = envelope.data.deal.id;
    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    expect(accepted.status).toBe(202);
    const acceptedEvent = accepted.eventId;
    await waitFor('the project and the customer', async () => {
      const [projects, customers] = await Promise.all([
        recordsWithExternalId(stack.sandboxes.projectTool.url, 'projects', dealId),
        recordsWithExternalId(stack.sandboxes.billing.url, 'customers', dealId),
      ]);
      return projects.length === 1 && customers.length === 1 ? true : undefined;
    });

    const root = spans
      .getFinishedSpans()
      .find(
        (span) => span.name === 'webhook.receive' && span.attributes['http.response.status_code'] === 202,
      );
    expect(root).toBeDefined();
    const traceId = root!.spanContext().traceId;
    const trace = await waitFor('the three write activities to end', async () => {
      const found = spans.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
      return found.filter((span) => span.name === 'RunActivity:deliverToTarget').length === 3
        ? found
        : undefined;
    });
    const named = (name: string) => trace.filter((span) => span.name === name);
    const parentOf = (span: ReadableSpan) =>
      trace.find((candidate) => candidate.spanContext().spanId === span.parentSpanId);

    // verify → signal: the API's spans, the signal as a child of the request.
    const rootId = root!.spanContext().spanId;
    expect(named('webhook.verify').map((span) => span.parentSpanId)).toEqual([rootId]);
    const [signal] = named('SignalWithStartWorkflow:recordSyncWorkflow');
    expect(signal?.parentSpanId).toBe(rootId);
    expect(signal?.attributes.temporalWorkflowId).toBe(`client-onboarding:crm:${dealId}`);

    // map (a new record's approval policy is evaluated with its mapping) → write: the worker's activities
    // continue the signal's trace.
    for (const activity of ['prepareSourceRecord', 'deliverToTarget']) {
      const runs = named(`RunActivity:${activity}`);
      expect(runs.length, activity).toBeGreaterThan(0);
      for (const run of runs) expect(parentOf(run), activity).toBe(signal);
    }

    // write → read-back: the vendor calls of one write activity, the project created and then read back.
    const projectWrite = named('HTTP POST').find((span) => span.attributes['url.path'] === '/v2/projects')!;
    expect(projectWrite.attributes['http.response.status_code']).toBe(201);
    const writeActivity = parentOf(projectWrite)!;
    expect(writeActivity.name).toBe('RunActivity:deliverToTarget');
    const readBack = named('HTTP GET').find(
      (span) =>
        span.parentSpanId === writeActivity.spanContext().spanId &&
        String(span.attributes['url.path']).startsWith('/v2/projects/'),
    );
    expect(readBack?.attributes['http.response.status_code']).toBe(200);
    expect(readBack!.startTime[0] * 1e9 + readBack!.startTime[1]).toBeGreaterThan(
      projectWrite.startTime[0] * 1e9 + projectWrite.startTime[1],
    );

    // Every log line written inside the trace names it: the API's acceptance and the worker's vendor calls.
    const lines = stack.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const acceptedLine = lines.find(
      (line) => line.msg === 'webhook accepted' && line.eventId === acceptedEvent,
    );
    expect(acceptedLine?.trace_id).toBe(traceId);
    const exchanges = lines.filter(
      (line) => line.msg === 'http exchange' && line.workflowId === `client-onboarding:crm:${dealId}`,
    );
    expect(exchanges.length).toBeGreaterThanOrEqual(6);
    expect(exchanges.every((line) => line.trace_id === traceId)).toBe(true);
  });
});
