import { failureForStatus } from '../../connectors/classify-http-status';
import { FailureClass, TargetFailure } from '../../connectors/target-failure';
import type { Logger } from '../../logging/logger';
import type { CallOptions, Page, SourceRecord } from '../../batch/batch-integration';
import type { SyncWindow } from '../../batch/sync-window';
import { vendorRequest } from '../../batch/vendor-request';

export interface TimeEntrySourceSettings {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

interface ProjectToolTimeEntry {
  id?: unknown;
  project_id?: unknown;
  billable?: unknown;
  [field: string]: unknown;
}

/**
 * Reads billable time entries from the project tool (`GET /v2/time_entries`, X-Api-Key) in cursor pages, and joins
 * each to its project's `external_id`: the link to the billing customer. Projects are looked up once per reader.
 */
export function createTimeEntrySource(settings: TimeEntrySourceSettings, logger?: Logger) {
  const call = async (path: string, what: string, options: CallOptions) => {
    const response = await vendorRequest(
      {
        method: 'GET',
        url: new URL(path, settings.baseUrl).toString(),
        headers: { 'x-api-key': settings.apiKey },
        timeoutMs: settings.timeoutMs,
        signal: options.signal,
      },
      logger,
    );
    const failure = failureForStatus(response, what);
    if (failure) throw failure;
    const body = response.json as Record<string, unknown> | undefined;
    // The project tool's quirk: some failures come back as 200 with an `error` object.
    if (body?.error) {
      throw new TargetFailure(FailureClass.errorInSuccessBody, `${what}: error in a 200 answer`, {
        status: response.status,
        responseBody: body.error,
      });
    }
    return body;
  };

  const projectExternalIds = new Map<string, string>();
  const externalIdOf = async (projectId: string, options: CallOptions): Promise<string | null> => {
    // Only found links are cached: a project linked later must not stay unbillable until the worker restarts.
    const cached = projectExternalIds.get(projectId);
    if (cached !== undefined) return cached;
    try {
      const body = await call(`/v2/projects/${encodeURIComponent(projectId)}`, 'read project', options);
      const project = body?.project as { external_id?: unknown } | undefined;
      const externalId = typeof project?.external_id === 'string' ? project.external_id : null;
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
      const body = await call(`/v2/time_entries?${query}`, 'read time entries', options);
      const entries = body?.time_entries;
      const nextCursor = body?.next_cursor;
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
