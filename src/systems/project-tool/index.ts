import type { SystemConnection, SystemDefinition } from '../system';
import type { TargetResource } from '../kit/target-resource';
import { checkIsoDateTime, checkUrl } from '../kit/setting-checks';
import { createProjectToolClient, type ProjectToolClient } from './project-tool-client';
import { projectToolResource } from './rest-resource';
import { createTimeEntryReader, type TimeEntryReader } from './time-entries';
import { findProjectByExternalId, type ProjectReference } from './find-project';

/** The project tool connected once: its client, its writable resources and its time-entry reads. */
export interface ProjectToolConnection extends SystemConnection {
  resources: { projects: TargetResource; tasks: TargetResource };
  client: ProjectToolClient;
  timeEntries: TimeEntryReader;
  /** The project created for a source record (`external_id`), for look-ups. */
  findProject(externalId: string, signal?: AbortSignal): Promise<ProjectReference | undefined>;
}

/** The project tool (REST v2, `X-Api-Key`): delivery projects, their tasks and the time booked on them. */
export const projectTool: SystemDefinition<ProjectToolConnection> = {
  name: 'project-tool',
  title: 'Project tool',
  settings: {
    BASE_URL: { description: 'project tool API', default: 'http://127.0.0.1:4002', check: checkUrl },
    API_KEY: {
      description: 'project tool API key (`X-Api-Key`)',
      secret: true,
      developmentDefault: 'projects_dev_key',
    },
    API_KEY_EXPIRES_AT: {
      description: 'ISO date the key expires; the credential check warns before',
      optional: true,
      check: checkIsoDateTime,
    },
  },
  credentialExpirySetting: 'API_KEY_EXPIRES_AT',
  connect({ settings, timeoutMs, logger }) {
    const client = createProjectToolClient(
      { baseUrl: settings.BASE_URL!, apiKey: settings.API_KEY!, timeoutMs },
      logger,
    );
    return {
      client,
      resources: {
        projects: projectToolResource(client, {
          path: '/v2/projects',
          one: 'project',
          many: 'projects',
          noun: 'project',
        }),
        tasks: projectToolResource(client, { path: '/v2/tasks', one: 'task', many: 'tasks', noun: 'task' }),
      },
      timeEntries: createTimeEntryReader(client),
      findProject: (externalId, signal) => findProjectByExternalId(client, externalId, signal),
      async probeCredentials() {
        await client.value(
          { method: 'GET', path: '/v2/projects?external_id=__loudwire_credential_probe__' },
          'probe',
          'projects',
        );
      },
    };
  },
};
