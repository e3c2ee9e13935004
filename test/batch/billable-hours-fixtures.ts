import type { SyncWindow } from '../../src/batch/sync-window';

/** Seeds what client-onboarding would have made: projects and billing customers linked by the deal ID. */
export async function seedLinkedClients(
  urls: { projectTool: string; billing: string },
  count: number,
): Promise<{ projectIds: string[]; dealIds: string[] }> {
  const token = await billingToken(urls.billing);
  const projectIds: string[] = [];
  const dealIds: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const dealId = `deal_bh${String(i).padStart(3, '0')}`;
    const project = await postJson(
      `${urls.projectTool}/v2/projects`,
      { 'x-api-key': 'projects_dev_key' },
      {
        name: `Engagement ${i}`,
        client: `Client ${i}`,
        external_id: dealId,
      },
    );
    await postJson(
      `${urls.billing}/v1/customers`,
      { authorization: `Bearer ${token}` },
      {
        name: `Client ${i}`,
        country: 'DE',
        currency: 'EUR',
        external_id: dealId,
      },
    );
    projectIds.push((project as { project: { id: string } }).project.id);
    dealIds.push(dealId);
  }
  return { projectIds, dealIds };
}

/** Bulk-creates time entries through the project tool's control plane. */
export async function generateTimeEntries(
  projectToolUrl: string,
  request: {
    count: number;
    project_ids: string[];
    from: string;
    to: string;
    billable_ratio?: number;
    seed?: number;
  },
): Promise<{ generated: number; billable: number; billable_minutes: number }> {
  return (await postJson(`${projectToolUrl}/__sandbox/time-entries/generate`, {}, request)) as {
    generated: number;
    billable: number;
    billable_minutes: number;
  };
}

interface StoredTimeEntry {
  project_id: string;
  date: string;
  minutes: number;
  billable: boolean;
}

/** What billing should hold for a window, computed independently from the sandboxes' raw state. */
export async function expectedUsage(
  urls: { projectTool: string },
  window: SyncWindow,
): Promise<Map<string, number>> {
  const state = (await (await fetch(`${urls.projectTool}/__sandbox/state`)).json()) as {
    projects: { id: string; external_id: string }[];
    time_entries: StoredTimeEntry[];
  };
  const dealOf = new Map(state.projects.map((project) => [project.id, project.external_id]));
  const usage = new Map<string, number>();
  for (const entry of state.time_entries) {
    if (!entry.billable || entry.date < window.from || entry.date > window.to) continue;
    const key = `${dealOf.get(entry.project_id)}:${entry.date}`;
    usage.set(key, (usage.get(key) ?? 0) + entry.minutes);
  }
  return usage;
}

export interface StoredUsageRecord {
  customer_external_id: string;
  usage_date: string;
  quantity: number;
  idempotency_key: string | null;
}

export async function storedUsage(billingUrl: string): Promise<StoredUsageRecord[]> {
  const state = (await (await fetch(`${billingUrl}/__sandbox/state`)).json()) as {
    usage_records: StoredUsageRecord[];
  };
  return state.usage_records;
}

async function billingToken(billingUrl: string): Promise<string> {
  const response = await fetch(`${billingUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'loudwire-dev',
      client_secret: 'billing_dev_secret',
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const parsed = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`POST ${url} → ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}
