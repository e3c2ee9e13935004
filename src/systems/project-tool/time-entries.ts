import type { CallOptions, Page, SourceRecord } from '../../batch/batch-integration';
import type { SyncWindow } from '../../batch/sync-window';
import { FailureClass, TargetFailure } from '../kit/target-failure';
import type { ProjectToolClient } from './project-tool-client';

interface ProjectToolTimeEntry {
  id?: unknown;
  project_id?: unknown;
  billable?: unknown;
  [field: string]: unknown;
}

/**
 * Reads billable time entries (`GET /v2/time_entries`) in cursor pages through the project tool's client, and
 * joins each to its project's `external_id`: the link to the billing customer. Projects are looked up once per
 * reader. Each record's payload is `{entry, project: {external_id} | null}` (see time-entry-payload.ts).
 */
export function createTimeEntryReader(client: ProjectToolClient) {
  const projectExternalIds = new Map<string, string>();
  const externalIdOf = async (projectId: string, options: CallOptions): Promise<string | null> => {
    // Only found links are cached: a project linked later must not stay unbillable until the worker restarts.
    const cached = projectExternalIds.get(projectId);
    if (cached !== undefined) return cached;
    try {
      const project = (await client.value(
        { method: 'GET', path: `/v2/projects/${encodeURIComponent(projectId)}`, signal: options.signal },
        'read project',
        'project',
      )) as { external_id?: unknown };
      const externalId = typeof project.external_id === 'string' ? project.external_id : null;
      if (externalId !== null) projectExternalIds.set(projectId, externalId);
      return externalId;
    } catch (error) {
      if (error instanceof TargetFailure && error.details.status === 404) return null;
      throw error;
    }
  };

  return {
    async readPage(
      window: SyncWindow,
      cursor: string | null,
      limit: number,
      options: CallOptions,
    ): Promise<Page<SourceRecord>> {
      const query = new URLSearchParams({
        from: window.from,
        to: window.to,
        billable: 'true',
        limit: String(limit),
        ...(cursor === null ? {} : { cursor }),
      });
      const body = await client.body(
        { method: 'GET', path: `/v2/time_entries?${query}`, signal: options.signal },
        'read time entries',
      );
      const entries = body.time_entries;
      const nextCursor = body.next_cursor;
      if (!Array.isArray(entries) || (nextCursor !== null && typeof nextCursor !== 'string')) {
        throw new TargetFailure(
          FailureClass.unexpectedResponse,
          'read time entries: the answer lacks time_entries or next_cursor',
        );
      }
      const items: SourceRecord[] = [];
      for (const entry of entries as ProjectToolTimeEntry[]) {
        const key = typeof entry.id === 'string' ? entry.id : '(no id)';
        const projectId = typeof entry.project_id === 'string' ? entry.project_id : undefined;
        const externalId = projectId === undefined ? null : await externalIdOf(projectId, options);
        items.push({
          key,
          payload: { entry, project: externalId === null ? null : { external_id: externalId } },
          // Asked for billable entries only: anything else means the filter was ignored, and must not be billed.
          ...(entry.billable === true
            ? {}
            : { refusal: 'entry.billable: is not true; only billable time is billed' }),
          ...(projectId !== undefined && externalId === null
            ? {
                refusal: `project ${projectId} does not exist or has no external_id linking it to a billing customer`,
              }
            : {}),
        });
      }
      return { items, nextCursor };
    },
  };
}

export type TimeEntryReader = ReturnType<typeof createTimeEntryReader>;
