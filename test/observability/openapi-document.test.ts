import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/api/app';
import { listenWithLimits } from '../../src/api/listen-with-limits';
import { codecServerOptions, webhookSourcesFor } from '../../src/api/server';
import { approverDirectoryFromEnvironment } from '../../src/approvals/approver-directory';
import { loadEnvironment } from '../../src/config/environment';
import { integrations } from '../../src/integrations/registry';
import { createLogger } from '../../src/logging/logger';
import { lazyTemporalClient } from '../../src/temporal/connect-temporal-client';
import { expressRoutes } from '../support/express-routes';

// The OpenAPI document is written by hand; this keeps it honest against the express app both ways. The app is
// built with every optional router (approvals, codec) so that every route it can serve is compared.

const env = loadEnvironment({ NODE_ENV: 'test' });
const temporal = lazyTemporalClient(env);
const app = createApiApp({
  temporal: temporal.client,
  taskQueue: 'openapi-test',
  integrations,
  webhookSources: webhookSourcesFor(integrations, env),
  bodyLimitBytes: env.WEBHOOK_BODY_LIMIT_BYTES,
  logger: createLogger('test', 'silent'),
  approvers: approverDirectoryFromEnvironment(env),
  publicApiUrl: 'http://api.example.test',
  codec: codecServerOptions(env),
});
let baseUrl = '';
let server: Awaited<ReturnType<typeof listenWithLimits>>;

beforeAll(async () => {
  server = await listenWithLimits(app, 0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await temporal.close();
});

interface OpenApi {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
}

async function servedDocument(): Promise<OpenApi> {
  const response = await fetch(`${baseUrl}/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/json');
  return (await response.json()) as OpenApi;
}

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function documentedOperations(document: OpenApi): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => httpMethods.has(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    )
    .sort();
}

describe('GET /openapi.json', () => {
  it('serves an OpenAPI 3.1 document naming the public URL', async () => {
    const document = await servedDocument();
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: 'http://api.example.test' }]);
  });

  it('finds the routes of the app (the route walk itself works)', () => {
    const routes = expressRoutes(app);
    expect(routes).toContain('POST /webhooks/{source}');
    expect(routes).toContain('GET /approvals/{id}');
    expect(routes.length).toBeGreaterThan(15);
  });

  it('documents every route the app serves, and every documented operation is a route', async () => {
    const document = await servedDocument();
    const documented = documentedOperations(document);
    const served = expressRoutes(app);
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((operation) => !served.includes(operation))).toEqual([]);
  });

  it('gives every operation a unique operationId and at least one response', async () => {
    const document = await servedDocument();
    const operations = Object.values(document.paths).flatMap((item) =>
      Object.entries(item)
        .filter(([key]) => httpMethods.has(key))
        .map(([, operation]) => operation),
    );
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.every((operation) => Object.keys(operation.responses ?? {}).length > 0)).toBe(true);
  });

  it('resolves every $ref to a component', async () => {
    const document = (await servedDocument()) as OpenApi & {
      components: Record<string, Record<string, unknown>>;
    };
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/([^/]+)\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, section, name] of refs) expect(document.components[section!]?.[name!]).toBeDefined();
  });
});
