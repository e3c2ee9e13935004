import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import express from 'express';
import type { Alert } from '../../src/alerts/alert';
import { developmentApprovers } from '../../src/approvals/development-approvers';
import { approvalRequestQuery, type ApprovalRequestView } from '../../src/workflows/approval-messages';
import type { LoudwireTestStack } from '../support/loudwire-test-stack';
import { recordsWithExternalId } from '../support/sandbox-control';
import { waitFor } from '../support/wait-for';

/** The documented development approvers (src/approvals/development-approvers.ts), by role. */
export const tokens = {
  salesLead: developmentApprovers[0]!.token,
  finance: developmentApprovers[1]!.token,
  /** owner@example.com: owns every sandbox deal, and sits in both groups. */
  dealOwner: developmentApprovers[2]!.token,
  operations: developmentApprovers[3]!.token,
};

export interface AlertSink {
  url: string;
  alerts: Alert[];
  close(): Promise<void>;
}

/** A local Slack-compatible webhook that keeps every alert it receives (the `loudwire` field of the body). */
export async function startAlertSink(): Promise<AlertSink> {
  const alerts: Alert[] = [];
  const app = express();
  app.post('/alerts', express.json({ limit: '1mb' }), (request, response) => {
    alerts.push((request.body as { loudwire: Alert }).loudwire);
    response.json({ ok: true });
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/alerts`,
    alerts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function alertsFor(sink: AlertSink, workflowId: string): Alert[] {
  return sink.alerts.filter((alert) => alert.workflowId === workflowId);
}

/** Calls the approvals JSON API as an approver. */
export async function callApprovals(
  stack: LoudwireTestStack,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method: hasBody ? 'POST' : 'GET',
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
    },
    ...(hasBody ? { body: options.rawBody ?? JSON.stringify(options.body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export const decisionPath = (workflowId: string) => `/approvals/${encodeURIComponent(workflowId)}/decision`;

/** The approval request once the workflow has asked for it (and, if given, once `ready` holds). */
export function waitForApproval(
  temporal: Client,
  workflowId: string,
  ready: (view: ApprovalRequestView) => boolean = () => true,
): Promise<ApprovalRequestView> {
  return waitFor(`an approval request on ${workflowId}`, async () => {
    const view = await temporal.workflow.getHandle(workflowId).query(approvalRequestQuery);
    return ready(view) ? view : undefined;
  });
}

/** Accepted approval decisions in the workflow's history: a refused decision must never appear here. */
export async function acceptedDecisions(temporal: Client, workflowId: string) {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
    if (!accepted) return [];
    return [accepted.acceptedRequest?.input?.name ?? ''];
  });
}

export async function targetRecords(stack: LoudwireTestStack, dealId: string) {
  const [projects, customers] = await Promise.all([
    recordsWithExternalId(stack.sandboxes.projectTool.url, 'projects', dealId),
    recordsWithExternalId(stack.sandboxes.billing.url, 'customers', dealId),
  ]);
  return { projects, customers };
}

/** Settings that route the sandbox's standard deal (12,500.00 USD) through approval. */
export const approvalEnvironment = (sink: AlertSink, overrides: Record<string, string> = {}) => ({
  APPROVAL_AMOUNT_THRESHOLD_MINOR: '1000000',
  ALERT_WEBHOOK_URL: sink.url,
  ...overrides,
});
