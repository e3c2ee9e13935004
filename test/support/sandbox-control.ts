/** Thin clients for the sandboxes' loopback control plane (`/__sandbox/*`), used by tests. */

export interface SandboxRecord {
  id: string;
  external_id?: string;
  [field: string]: unknown;
}

export async function sandboxState(baseUrl: string): Promise<Record<string, SandboxRecord[]>> {
  const response = await fetch(`${baseUrl}/__sandbox/state`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/__sandbox/state → ${response.status}`);
  return (await response.json()) as Record<string, SandboxRecord[]>;
}

export async function recordsWithExternalId(baseUrl: string, collection: string, externalId: string) {
  const state = await sandboxState(baseUrl);
  return (state[collection] ?? []).filter((record) => record.external_id === externalId);
}

export async function injectFault(baseUrl: string, fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${baseUrl}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (!response.ok)
    throw new Error(`fault ${JSON.stringify(fault)} refused: ${response.status} ${await response.text()}`);
}

export async function clearFaults(baseUrl: string): Promise<void> {
  await fetch(`${baseUrl}/__sandbox/faults`, { method: 'DELETE' });
}

/** The accounting system's invoice contacts carrying a source record's ID (`ExternalRef`). */
export async function accountingContactsFor(sandboxes: { accounting: { url: string } }, externalId: string) {
  const state = await sandboxState(sandboxes.accounting.url);
  return (state.contacts ?? []).filter((contact) => contact.ExternalRef === externalId);
}

/** The project and the billing customer carrying a source record's ID, as the target sandboxes hold them. */
export async function targetRecordsFor(
  sandboxes: { projectTool: { url: string }; billing: { url: string } },
  externalId: string,
) {
  const [projects, customers] = await Promise.all([
    recordsWithExternalId(sandboxes.projectTool.url, 'projects', externalId),
    recordsWithExternalId(sandboxes.billing.url, 'customers', externalId),
  ]);
  return { projects, customers };
}
