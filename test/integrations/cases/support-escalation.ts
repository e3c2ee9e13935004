import { expect } from 'vitest';
import { winNewDeal } from '../../support/crm-client';
import { escalateTicket, helpdeskDeliveries, openTicket } from '../../support/helpdesk-client';
import type { LoudwireTestStack } from '../../support/loudwire-test-stack';
import { recordsWithExternalId, sandboxState } from '../../support/sandbox-control';
import { waitFor } from '../../support/wait-for';
import type { IntegrationCase, TriggeredRun } from '../integration-case';

/** The client every ticket of this suite belongs to: a company whose won deal has a project. */
let client: { companyId: string } | undefined;

async function wonDealWithProject(stack: LoudwireTestStack) {
  const dealId = await winNewDeal(stack.sandboxes.crm.url);
  const [project] = await waitFor('client-onboarding to create the project', async () => {
    const projects = await recordsWithExternalId(stack.sandboxes.projectTool.url, 'projects', dealId);
    return projects.length > 0 ? projects : undefined;
  });
  expect(project).toBeDefined();
  const crm = await sandboxState(stack.sandboxes.crm.url);
  const deal = crm.deals!.find((candidate) => candidate.id === dealId)!;
  return { companyId: String(deal.companyId) };
}

async function escalate(stack: LoudwireTestStack, companyId: string): Promise<TriggeredRun> {
  const ticket = await openTicket(stack.sandboxes.helpdesk.url, companyId);
  await escalateTicket(stack.sandboxes.helpdesk.url, ticket.id);
  return { workflowId: `support-escalation:helpdesk:${ticket.id}`, recordKey: ticket.id };
}

/** IDs of the projects created for a company's won deals (project external_id = deal ID). */
async function projectsOfCompany(stack: LoudwireTestStack, companyId: string): Promise<string[]> {
  const crm = await sandboxState(stack.sandboxes.crm.url);
  const deals = new Set(
    (crm.deals ?? [])
      .filter((deal) => deal.companyId === companyId && deal.stage === 'won')
      .map((deal) => deal.id),
  );
  const projects = (await sandboxState(stack.sandboxes.projectTool.url)).projects ?? [];
  return projects.filter((project) => deals.has(String(project.external_id))).map((project) => project.id);
}

/** CRM notes carrying a ticket's ID (the CRM links them by `externalId`). */
export async function notesFor(stack: LoudwireTestStack, ticketId: string) {
  const state = await sandboxState(stack.sandboxes.crm.url);
  return (state.notes ?? []).filter((note) => note.externalId === ticketId);
}

/** support-escalation: an escalated ticket → a task on the client's project and a note on the CRM company. */
export const supportEscalationCase: IntegrationCase = {
  name: 'support-escalation',
  kind: 'webhook',
  corpus: {
    file: 'test/fixtures/helpdesk-ticket-escalated-payloads.ndjson',
    expected: { records: 8, ok: 4, ok_with_warnings: 1, rejected: 2, unreadable: 0, ignored: 1 },
  },
  async prepare(stack) {
    client = await wonDealWithProject(stack);
  },
  trigger: (stack) => escalate(stack, client!.companyId),
  async expectLanded(stack, run) {
    const tasks = await recordsWithExternalId(stack.sandboxes.projectTool.url, 'tasks', run.recordKey);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ priority: 'high', title: 'Scanner drops pallet IDs at dock 4' });
    const ticket = (await sandboxState(stack.sandboxes.helpdesk.url)).tickets!.find(
      (candidate) => candidate.id === run.recordKey,
    )!;
    const companyId = String(ticket.crmCompanyId);
    // The task is on a project of the ticket's company: one created for one of its won deals.
    expect(await projectsOfCompany(stack, companyId)).toContain(tasks[0]!.project_id);
    const notes = await notesFor(stack, run.recordKey);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      companyId,
      body: 'Scanner drops pallet IDs at dock 4',
    });
  },
  faults: [
    {
      title: 'project-tool POST /v2/tasks http_500',
      sandbox: 'projectTool',
      fault: { kind: 'http_500', rate: 1, route: 'POST /v2/tasks' },
      alertClass: 'RetryExhausted',
    },
    {
      title: 'crm POST /api/notes error_body_200',
      sandbox: 'crm',
      fault: { kind: 'error_body_200', rate: 1, route: 'POST /api/notes' },
      alertClass: 'ErrorInSuccessBody',
    },
    {
      title: 'crm POST /api/notes expired_credentials',
      sandbox: 'crm',
      fault: { kind: 'expired_credentials', rate: 1, route: 'POST /api/notes' },
      alertClass: 'CredentialsRejected',
    },
    {
      title: 'project-tool tasks drop_write',
      sandbox: 'projectTool',
      fault: { kind: 'drop_write', count: 1, route: 'POST /v2/tasks' },
      alertClass: 'DestinationMismatch',
    },
    {
      title: 'crm notes alter_write',
      sandbox: 'crm',
      fault: { kind: 'alter_write', count: 1, route: 'POST /api/notes' },
      alertClass: 'DestinationMismatch',
    },
    {
      title: 'crm look-up http_500',
      sandbox: 'crm',
      fault: { kind: 'http_500', rate: 1, route: 'GET /api/deals' },
      alertClass: 'RetryExhausted',
    },
    {
      title: 'no project for the company → ReferenceNotFound',
      sandbox: 'crm',
      // Nothing breaks in a sandbox: the ticket names a company without a won deal.
      fault: {},
      alertClass: 'ReferenceNotFound',
      async trigger(stack) {
        const crm = await sandboxState(stack.sandboxes.crm.url);
        const won = new Set(
          (crm.deals ?? []).filter((deal) => deal.stage === 'won').map((deal) => String(deal.companyId)),
        );
        const company = (crm.companies ?? []).find((candidate) => !won.has(candidate.id))!;
        return escalate(stack, company.id);
      },
      async fixCause(stack, run) {
        // Win a deal for the ticket's company and give it a project: a retry then finds it.
        const ticket = (await sandboxState(stack.sandboxes.helpdesk.url)).tickets!.find(
          (candidate) => candidate.id === run.recordKey,
        )!;
        await winDealFor(stack, String(ticket.crmCompanyId));
      },
    },
    {
      title: 'helpdesk webhook_renamed_field',
      sandbox: 'helpdesk',
      fault: { kind: 'webhook_renamed_field', count: 1 },
      alertClass: 'SchemaDrift',
      redrive: {
        correct: (payload) => {
          const { title, ...ticket } = payload.ticket as Record<string, unknown>;
          return { ticket: { ...ticket, subject: title } };
        },
      },
    },
    {
      title: 'helpdesk webhook_empty_payload',
      sandbox: 'helpdesk',
      fault: { kind: 'webhook_empty_payload', count: 1 },
      alertClass: 'EmptyPayload',
      redrive: 'skip',
      async parkedWorkflow(stack) {
        const delivery = await waitFor('the empty delivery', async () =>
          (await helpdeskDeliveries(stack.sandboxes.helpdesk.url)).find(
            (entry) => Object.keys(entry.payload.ticket).length === 0,
          ),
        );
        return `support-escalation:helpdesk:unidentified-${delivery.eventId}`;
      },
    },
  ],
};

/**
 * Creates and wins a deal of the company, and gives it a project in the project tool directly (as
 * client-onboarding would; whether that company's data maps is not what this case is about).
 */
async function winDealFor(stack: LoudwireTestStack, companyId: string): Promise<void> {
  const crm = stack.sandboxes.crm.url;
  const headers = { authorization: 'Bearer crm_dev_key', 'content-type': 'application/json' };
  const created = await fetch(`${crm}/api/deals`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      title: 'Support contract',
      companyId,
      amount: '1,000.00',
      currency: 'EUR',
      ownerEmail: 'owner@example.com',
    }),
  });
  expect(created.status).toBe(201);
  const deal = (await created.json()) as { id: string };
  await fetch(`${crm}/api/deals/${deal.id}/win`, { method: 'POST', headers });
  const project = await fetch(`${stack.sandboxes.projectTool.url}/v2/projects`, {
    method: 'POST',
    headers: { 'x-api-key': 'projects_dev_key', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Support contract', client: companyId, external_id: deal.id }),
  });
  expect(project.status).toBe(201);
}
