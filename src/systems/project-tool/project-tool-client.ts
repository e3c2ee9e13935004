import type { Logger } from '../../logging/logger';
import { exchangeHttp, type HttpExchangeRequest } from '../kit/http-exchange';
import { classifyProjectToolBody, classifyProjectToolResponse } from './classify-project-tool-response';

export interface ProjectToolClientSettings {
  baseUrl: string;
  /** Sent as `X-Api-Key`. */
  apiKey: string;
  timeoutMs: number;
}

/** One call to the project tool: a path relative to its base URL, plus an optional cancellation signal. */
export type ProjectToolRequest = Omit<HttpExchangeRequest, 'timeoutMs' | 'url'> & { path: string };

/**
 * The project tool's REST API (v2), written once: `X-Api-Key` auth, snake_case fields, `{"<key>": …}` wrapping
 * and errors reported inside HTTP 200 bodies. Every resource, lookup, batch read and the credential probe use it.
 */
export function createProjectToolClient(settings: ProjectToolClientSettings, logger?: Logger) {
  const send = (request: ProjectToolRequest) => {
    const { path, ...rest } = request;
    return exchangeHttp(
      {
        ...rest,
        url: new URL(path, settings.baseUrl).toString(),
        headers: { 'x-api-key': settings.apiKey, ...request.headers },
        timeoutMs: settings.timeoutMs,
      },
      logger,
    );
  };
  return {
    /** The whole classified body (for paged lists that carry a cursor next to the records). */
    async body(request: ProjectToolRequest, what: string): Promise<Record<string, unknown>> {
      return classifyProjectToolBody(await send(request), what);
    },
    /** The value under `key` of the classified body (`project`, `projects`, `task`, …). */
    async value(request: ProjectToolRequest, what: string, key: string): Promise<unknown> {
      return classifyProjectToolResponse(await send(request), what, key);
    },
  };
}

export type ProjectToolClient = ReturnType<typeof createProjectToolClient>;
