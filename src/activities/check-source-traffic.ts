import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { LoudwireEnvironment } from '../config/environment';
import type { IntegrationDefinition } from '../integrations/integration';
import { businessWindowStart } from '../silence/business-hours';
import { describeExpectedTraffic, effectiveTraffic, type ExpectedTraffic } from '../silence/expected-traffic';
import { integrationAttribute, recordKeyAttribute } from '../temporal/search-attributes';

/** How one source is doing against what its integration expects. */
export interface SourceTraffic {
  integration: string;
  source: string;
  /** `declared` (the integration's or EXPECTED_TRAFFIC's), `learned` (last 4 weeks). */
  mode: 'declared' | 'learned';
  /** What is expected, in words; empty when nothing could be learned. */
  expectation: string;
  /** `unknown`: too little history to learn from. */
  status: 'ok' | 'quiet' | 'unknown';
  /** Records started in the window. */
  seenInWindow: number;
  /** ISO 8601 start of the window that ends now. */
  windowStart: string;
  /** The newest record of the integration (its first event is the last new traffic seen). */
  lastSeen?: { workflowId: string; recordKey?: string; startedAt: string };
  /** Why the status is `unknown`. */
  note?: string;
}

export interface SourceTrafficReport {
  sources: SourceTraffic[];
  /** Integrations the previous completed check reported quiet. */
  previouslyQuiet: string[];
}

/** Learning looks back this far. */
export const learningPeriodMs = 28 * 86_400_000;
/** Fewer records than this in the learning period teach nothing reliable. */
const minimumLearnedRecords = 20;
/** A learned window is this many mean gaps long: a Poisson source stays that quiet by chance e⁻⁵ ≈ 0.7 % of the time. */
const learnedGapsPerWindow = 5;
const minimumLearnedWindowMs = 3_600_000;

/**
 * Measures each webhook integration's traffic from Temporal visibility: the records its source's events started
 * (`LoudwireIntegration`, `StartTime`, on this deployment's task queue) within its window — declared, or learned
 * from the last 4 weeks — and reads which sources the previous check reported quiet.
 */
export function createSourceTrafficCheck(
  env: LoudwireEnvironment,
  integrations: readonly IntegrationDefinition[],
) {
  return async function checkSourceTraffic(): Promise<SourceTrafficReport> {
    const { client, info } = Context.current();
    const now = Date.now();
    const sources: SourceTraffic[] = [];
    for (const integration of integrations) {
      const traffic = effectiveTraffic(
        integration.expectedTraffic,
        env.EXPECTED_TRAFFIC?.[integration.name],
        integration.eventTypes[0] ?? 'event',
      );
      if (traffic === 'none') continue;
      const scope = `${integrationAttribute.name} = "${integration.name}" AND TaskQueue = "${info.taskQueue}"`;
      const expected =
        traffic === 'learned' ? await learnedTraffic(client, scope, integration, now) : traffic;
      const base = { integration: integration.name, source: integration.source };
      const lastSeen = await newestRecord(client, scope);
      if (typeof expected === 'string') {
        sources.push({
          ...base,
          mode: 'learned',
          expectation: '',
          status: 'unknown',
          seenInWindow: 0,
          windowStart: new Date(now - learningPeriodMs).toISOString(),
          ...(lastSeen ? { lastSeen } : {}),
          note: expected,
        });
        continue;
      }
      const windowStart = businessWindowStart(
        now,
        expected.withinMs,
        expected.timeZone ?? 'UTC',
        expected.businessHours,
      );
      const seen = await countRecords(
        client,
        `${scope} AND StartTime > "${new Date(windowStart).toISOString()}"`,
      );
      sources.push({
        ...base,
        mode: traffic === 'learned' ? 'learned' : 'declared',
        expectation: describeExpectedTraffic(expected),
        status: seen >= (expected.atLeast ?? 1) ? 'ok' : 'quiet',
        seenInWindow: seen,
        windowStart: new Date(windowStart).toISOString(),
        ...(lastSeen ? { lastSeen } : {}),
      });
    }
    return { sources, previouslyQuiet: await previousCheckQuiet(client, info.taskQueue) };
  };
}

/** The expectation the last 4 weeks teach, or why they teach none. */
async function learnedTraffic(
  client: Client,
  scope: string,
  integration: IntegrationDefinition,
  now: number,
): Promise<ExpectedTraffic | string> {
  const since = new Date(now - learningPeriodMs).toISOString();
  const records = await countRecords(client, `${scope} AND StartTime > "${since}"`);
  if (records < minimumLearnedRecords) {
    return `only ${records} record(s) in the last 4 weeks: too few to learn the source's traffic (declare it instead)`;
  }
  const meanGapMs = learningPeriodMs / records;
  return {
    eventType: integration.eventTypes[0] ?? 'event',
    atLeast: 1,
    withinMs: Math.max(minimumLearnedWindowMs, Math.round(learnedGapsPerWindow * meanGapMs)),
    timeZone: 'UTC',
  };
}

async function countRecords(client: Client, query: string): Promise<number> {
  return (await client.workflow.count(query)).count;
}

async function newestRecord(client: Client, scope: string): Promise<SourceTraffic['lastSeen']> {
  let newest: SourceTraffic['lastSeen'];
  let looked = 0;
  // Visibility lists the newest first; a page is enough to be sure on every store.
  for await (const execution of client.workflow.list({ query: scope, pageSize: 20 })) {
    if (!newest || execution.startTime.getTime() > Date.parse(newest.startedAt)) {
      const recordKey = execution.typedSearchAttributes.get(recordKeyAttribute);
      newest = {
        workflowId: execution.workflowId,
        ...(recordKey ? { recordKey } : {}),
        startedAt: execution.startTime.toISOString(),
      };
    }
    if (++looked >= 20) break;
  }
  return newest;
}

async function previousCheckQuiet(client: Client, taskQueue: string): Promise<string[]> {
  const query = `WorkflowType = "silenceCheckWorkflow" AND ExecutionStatus = "Completed" AND TaskQueue = "${taskQueue}"`;
  let latest: { workflowId: string; runId: string; closedAt: number } | undefined;
  for await (const execution of client.workflow.list({ query, pageSize: 20 })) {
    const closedAt = execution.closeTime?.getTime() ?? 0;
    if (!latest || closedAt > latest.closedAt) {
      latest = { workflowId: execution.workflowId, runId: execution.runId, closedAt };
    }
  }
  if (!latest) return [];
  const result = (await client.workflow.getHandle(latest.workflowId, latest.runId).result()) as {
    quiet?: string[];
  };
  return result.quiet ?? [];
}
