import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/config/environment';
import { FailureClass, TargetFailure } from '../../src/systems/kit/target-failure';
import type { TargetResource } from '../../src/systems/kit/target-resource';
import { projectTool } from '../../src/systems/project-tool';
import { systems } from '../../src/systems/registry';
import { connectSystems, type SystemConnections } from '../../src/systems/system-connections';
import { startSandboxes, type RunningSandboxes } from '../../sandbox/start-sandboxes';
import { clearFaults, injectFault, sandboxState } from '../support/sandbox-control';

// Every look-up by external ID of every target resource, against the real sandbox vendors: a vendor that ignores
// the filter (`ignore_filter`) never makes an unrelated record "the existing one", and two records carrying one
// external ID (`duplicate_external_id`) are an AmbiguousTarget failure naming both, never a guess.

let sandboxes: RunningSandboxes;
let connections: SystemConnections;
let companyId: string;

beforeAll(async () => {
  sandboxes = await startSandboxes({
    ports: { crm: 0, projectTool: 0, billing: 0, helpdesk: 0, accounting: 0 },
  });
  const env = loadEnvironment({
    NODE_ENV: 'test',
    CRM_BASE_URL: sandboxes.crm.url,
    PROJECT_TOOL_BASE_URL: sandboxes.projectTool.url,
    BILLING_BASE_URL: sandboxes.billing.url,
    HELPDESK_BASE_URL: sandboxes.helpdesk.url,
    ACCOUNTING_BASE_URL: sandboxes.accounting.url,
  });
  connections = connectSystems(systems, env.systems, { timeoutMs: 5_000 });
  companyId = (await sandboxState(sandboxes.crm.url)).companies![0]!.id;
});
afterAll(async () => {
  await sandboxes?.close();
});

interface ResourceCase {
  target: `${string}/${string}`;
  sandbox: keyof Omit<RunningSandboxes, 'close'>;
  createRoute: string;
  body(externalId: string): Promise<Record<string, unknown>>;
}

const resourceCases: ResourceCase[] = [
  {
    target: 'project-tool/projects',
    sandbox: 'projectTool',
    createRoute: 'POST /v2/projects',
    body: async (externalId) => ({
      name: 'Platform rollout',
      client: 'Acme Robotics',
      external_id: externalId,
    }),
  },
  {
    target: 'project-tool/tasks',
    sandbox: 'projectTool',
    createRoute: 'POST /v2/tasks',
    body: async (externalId) => {
      const project = await connections
        .resource('project-tool/projects')
        .create(
          { name: 'Support', client: 'Acme Robotics', external_id: `deal_${randomUUID()}` },
          `key-${randomUUID()}`,
        );
      return { project_id: project.id, title: 'Escalation', priority: 'high', external_id: externalId };
    },
  },
  {
    target: 'billing/customers',
    sandbox: 'billing',
    createRoute: 'POST /v1/customers',
    body: async (externalId) => ({
      name: 'Acme Robotics',
      country: 'DE',
      currency: 'EUR',
      external_id: externalId,
    }),
  },
  {
    target: 'accounting/contacts',
    sandbox: 'accounting',
    createRoute: 'POST /api.accounting/v1/Contacts',
    body: async (externalId) => ({
      Name: 'Acme Robotics',
      CountryCode: 'DE',
      Currency: 'EUR',
      ExternalRef: externalId,
    }),
  },
  {
    target: 'crm/notes',
    sandbox: 'crm',
    createRoute: 'POST /api/notes',
    body: async (externalId) => ({ companyId, body: 'Escalated ticket', externalId }),
  },
];

async function create(resource: TargetResource, body: Record<string, unknown>) {
  return resource.create(body, `key-${randomUUID()}`);
}

describe.each(resourceCases)('$target look-ups are exact', ({ target, sandbox, createRoute, body }) => {
  const resource = () => connections.resource(target);
  const sandboxUrl = () => sandboxes[sandbox].url;
  beforeEach(async () => {
    await clearFaults(sandboxUrl());
  });

  it('ignore_filter: an unfiltered answer yields the one exact record, or none', async () => {
    const unrelated = await create(resource(), await body(`src_${randomUUID()}`));
    const wanted = `src_${randomUUID()}`;
    await injectFault(sandboxUrl(), { kind: 'ignore_filter', rate: 1 });
    try {
      // Nothing carries the key yet: the unfiltered answer (holding `unrelated`) must not be taken for it.
      expect(await resource().findByExternalId(wanted)).toBeUndefined();
      const created = await create(resource(), await body(wanted));
      const found = await resource().findByExternalId(wanted);
      expect(found?.id).toBe(created.id);
      expect(found?.id).not.toBe(unrelated.id);
    } finally {
      await clearFaults(sandboxUrl());
    }
  });

  it('duplicate_external_id: two records with one external ID fail as AmbiguousTarget naming both', async () => {
    const key = `src_${randomUUID()}`;
    await injectFault(sandboxUrl(), { kind: 'duplicate_external_id', count: 1, route: createRoute });
    const answered = await create(resource(), await body(key));
    const failure = await resource()
      .findByExternalId(key)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TargetFailure);
    expect((failure as TargetFailure).failureClass).toBe(FailureClass.ambiguousTarget);
    const candidates = (failure as TargetFailure).details.responseBody as { candidates: string[] };
    expect(candidates.candidates).toHaveLength(2);
    expect(candidates.candidates).toContain(answered.id);
    for (const id of candidates.candidates) expect((failure as TargetFailure).message).toContain(id);
  });
});

describe('the project look-up of support escalations', () => {
  it('finds only the exact project, and names both when two carry the deal ID', async () => {
    const lookup = connections.of(projectTool);
    const dealId = `deal_${randomUUID()}`;
    await create(connections.resource('project-tool/projects'), {
      name: 'Other client',
      client: 'Other',
      external_id: `deal_${randomUUID()}`,
    });
    await injectFault(sandboxes.projectTool.url, { kind: 'ignore_filter', rate: 1 });
    try {
      expect(await lookup.findProject(dealId)).toBeUndefined();
    } finally {
      await clearFaults(sandboxes.projectTool.url);
    }
    await injectFault(sandboxes.projectTool.url, {
      kind: 'duplicate_external_id',
      count: 1,
      route: 'POST /v2/projects',
    });
    await create(connections.resource('project-tool/projects'), {
      name: 'Platform rollout',
      client: 'Acme Robotics',
      external_id: dealId,
    });
    const failure = await lookup.findProject(dealId).catch((error: unknown) => error);
    expect((failure as TargetFailure).failureClass).toBe(FailureClass.ambiguousTarget);
    expect((failure as TargetFailure).message).toMatch(/^2 project records carry external_id deal_/);
  });
});

describe('sandbox fault control', () => {
  it('refuses the look-up faults on a vendor that has no look-ups (the helpdesk)', async () => {
    const response = await fetch(`${sandboxes.helpdesk.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'ignore_filter', rate: 1 }),
    });
    expect(response.status).toBe(400);
  });
});
