import { TargetSystem } from '../../integrations/integration';
import type { Logger } from '../../logging/logger';
import { exchangeHttp, type HttpExchangeRequest } from '../http-exchange';
import type { TargetConnector, TargetRecord } from '../target-connector';
import { TargetFailure } from '../target-failure';
import { classifyProjectToolResponse } from './classify-project-tool-response';

export interface ProjectToolSettings {
  baseUrl: string;
  /** Sent as `X-Api-Key`. */
  apiKey: string;
  timeoutMs: number;
}

/** The project tool's REST API (v2): API-key auth, snake_case fields, idempotent creates. */
export function createProjectToolConnector(settings: ProjectToolSettings, logger?: Logger): TargetConnector {
  const call = async (request: Omit<HttpExchangeRequest, 'timeoutMs'>, what: string, key: string) => {
    const response = await exchangeHttp(
      {
        ...request,
        url: new URL(request.url, settings.baseUrl).toString(),
        headers: { 'x-api-key': settings.apiKey, ...request.headers },
        timeoutMs: settings.timeoutMs,
      },
      logger,
    );
    return classifyProjectToolResponse(response, what, key);
  };

  return {
    target: TargetSystem.projectTool,

    async findByExternalId(externalId) {
      const query = new URLSearchParams({ external_id: externalId });
      const body = await call({ method: 'GET', url: `/v2/projects?${query}` }, 'find project', 'projects');
      const projects = Array.isArray(body) ? body : [];
      return projects.map(toTargetRecord)[0];
    },

    async create(project, idempotencyKey) {
      const body = await call(
        {
          method: 'POST',
          url: '/v2/projects',
          headers: { 'idempotency-key': idempotencyKey },
          body: project,
        },
        'create project',
        'project',
      );
      return toTargetRecord(body);
    },

    async probeCredentials() {
      await call(
        { method: 'GET', url: '/v2/projects?external_id=__loudwire_credential_probe__' },
        'probe',
        'projects',
      );
    },

    async update(id, fields) {
      const { external_id: _link, ...changes } = fields;
      const body = await call(
        { method: 'PATCH', url: `/v2/projects/${encodeURIComponent(id)}`, body: changes },
        'update project',
        'project',
      );
      return toTargetRecord(body);
    },

    async read(id) {
      try {
        const body = await call(
          { method: 'GET', url: `/v2/projects/${encodeURIComponent(id)}` },
          'read project',
          'project',
        );
        return toTargetRecord(body);
      } catch (error) {
        if (error instanceof TargetFailure && error.details.status === 404) return undefined;
        throw error;
      }
    },
  };
}

function toTargetRecord(project: unknown): TargetRecord {
  const fields = project as Record<string, unknown>;
  return { id: String(fields.id), fields };
}
