import type { ProjectToolClient } from './project-tool-client';

/** A project as a look-up needs it: its ID and the source record it was created for. */
export interface ProjectReference {
  id: string;
  external_id: string;
  name: string;
}

/** The project carrying this `external_id` (e.g. a won deal's ID), or undefined. */
export async function findProjectByExternalId(
  client: ProjectToolClient,
  externalId: string,
  signal?: AbortSignal,
): Promise<ProjectReference | undefined> {
  const query = new URLSearchParams({ external_id: externalId });
  const projects = await client.value(
    { method: 'GET', path: `/v2/projects?${query}`, ...(signal ? { signal } : {}) },
    'find project',
    'projects',
  );
  const first = (Array.isArray(projects) ? projects : [])[0] as Record<string, unknown> | undefined;
  return first
    ? { id: String(first.id), external_id: String(first.external_id), name: String(first.name) }
    : undefined;
}
