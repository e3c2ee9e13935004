import { exactMatch } from '../kit/exact-lookup';
import type { ProjectToolClient } from './project-tool-client';

/** A project as a look-up needs it: its ID and the source record it was created for. */
export interface ProjectReference {
  id: string;
  external_id: string;
  name: string;
}

/**
 * The project carrying exactly this `external_id` (e.g. a won deal's ID), or undefined; two projects carrying it
 * are an AmbiguousTarget failure (src/systems/kit/exact-lookup.ts).
 */
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
  const project = exactMatch((Array.isArray(projects) ? projects : []) as Record<string, unknown>[], {
    key: externalId,
    linkField: 'external_id',
    noun: 'project',
    idOf: (record) => String(record.id),
  });
  return project
    ? { id: String(project.id), external_id: String(project.external_id), name: String(project.name) }
    : undefined;
}
