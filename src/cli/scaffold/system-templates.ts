import type { ScaffoldNames } from './names';

/** The files of a new system (spoke), by path relative to the repository root. */
export function systemFiles(names: ScaffoldNames): Record<string, string> {
  const { kebab, camel, pascal, constant } = names;
  const folder = `src/systems/${kebab}`;
  return {
    [`${folder}/${kebab}-client.ts`]: `import type { Logger } from '../../logging/logger';
import { describeBody, failureForStatus } from '../kit/classify-http-status';
import { exchangeHttp, type HttpExchangeRequest, type HttpExchangeResponse } from '../kit/http-exchange';
import { FailureClass, TargetFailure } from '../kit/target-failure';

export interface ${pascal}ClientSettings {
  baseUrl: string;
  /** Sent as \`Authorization: Bearer …\`. */
  apiKey: string;
  timeoutMs: number;
}

/** One call to ${kebab}: a path relative to its base URL. */
export type ${pascal}Request = Omit<HttpExchangeRequest, 'timeoutMs' | 'url'> & { path: string };

/**
 * How ${kebab} answers: JSON objects, errors by status — and, like many vendors, an \`error\` member inside an
 * HTTP 200, which is a failure. Adjust to the vendor's documented conventions.
 */
export function classify${pascal}Response(response: HttpExchangeResponse, what: string): Record<string, unknown> {
  const statusFailure = failureForStatus(response, what);
  if (statusFailure) throw statusFailure;
  const body = response.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') {
    throw new TargetFailure(FailureClass.unexpectedResponse, \`\${what}: response is not a JSON object\`, {
      status: response.status,
      responseBody: describeBody(response),
    });
  }
  if (body.error) {
    throw new TargetFailure(FailureClass.errorInSuccessBody, \`\${what}: HTTP \${response.status} reported an error\`, {
      status: response.status,
      responseBody: body,
    });
  }
  return body;
}

/** ${pascal}'s API, written once: auth and response classification for every resource and the probe. */
export function create${pascal}Client(settings: ${pascal}ClientSettings, logger?: Logger) {
  return {
    async body(request: ${pascal}Request, what: string): Promise<Record<string, unknown>> {
      const { path, ...rest } = request;
      const response = await exchangeHttp(
        {
          ...rest,
          url: new URL(path, settings.baseUrl).toString(),
          headers: { authorization: \`Bearer \${settings.apiKey}\`, ...request.headers },
          timeoutMs: settings.timeoutMs,
        },
        logger,
      );
      return classify${pascal}Response(response, what);
    },
  };
}

export type ${pascal}Client = ReturnType<typeof create${pascal}Client>;
`,
    [`${folder}/records.ts`]: `import type { TargetRecord, TargetResource } from '../kit/target-resource';
import { exactMatch } from '../kit/exact-lookup';
import { FailureClass, TargetFailure } from '../kit/target-failure';
import type { ${pascal}Client } from './${kebab}-client';

/** ${pascal} records (\`/api/records\`): found by \`external_id\`, idempotent create, read back, PATCH. */
export function ${camel}Records(client: ${pascal}Client): TargetResource {
  const toRecord = (record: unknown): TargetRecord => {
    const fields = record as Record<string, unknown>;
    if (!fields || typeof fields.id !== 'string') {
      throw new TargetFailure(FailureClass.unexpectedResponse, '${kebab} record has no id', { responseBody: record });
    }
    return { id: fields.id, fields };
  };
  const recordPath = (id: string) => \`/api/records/\${encodeURIComponent(id)}\`;
  return {
    async findByExternalId(externalId) {
      const answer = await client.body(
        { method: 'GET', path: \`/api/records?\${new URLSearchParams({ external_id: externalId })}\` },
        'find record',
      );
      // Only an exact external_id counts, whatever the vendor's filter did; two are an AmbiguousTarget.
      const records = (Array.isArray(answer.records) ? answer.records : []) as Record<string, unknown>[];
      const match = exactMatch(records, {
        key: externalId,
        linkField: 'external_id',
        noun: '${kebab} record',
        idOf: (record) => String(record.id),
      });
      return match ? toRecord(match) : undefined;
    },
    async create(body, idempotencyKey) {
      return toRecord(
        (await client.body(
          { method: 'POST', path: '/api/records', headers: { 'idempotency-key': idempotencyKey }, body },
          'create record',
        )).record,
      );
    },
    async update(id, fields) {
      const { external_id: _link, ...changes } = fields;
      return toRecord((await client.body({ method: 'PATCH', path: recordPath(id), body: changes }, 'update record')).record);
    },
    async read(id) {
      try {
        return toRecord((await client.body({ method: 'GET', path: recordPath(id) }, 'read record')).record);
      } catch (error) {
        if (error instanceof TargetFailure && error.details.status === 404) return undefined;
        throw error;
      }
    },
  };
}
`,
    [`${folder}/record-body.ts`]: `import { z } from 'zod';

/** ${pascal}'s "create record" body, with the vendor's constraints: every mapped body is checked against it. */
export const ${pascal}RecordBody = z
  .object({
    name: z.string().min(1).max(200),
    external_id: z.string().min(1).max(255),
  })
  .strict();
export type ${pascal}RecordBody = z.infer<typeof ${pascal}RecordBody>;
`,
    [`${folder}/index.ts`]: `import type { SystemConnection, SystemDefinition } from '../system';
import { checkUrl } from '../kit/setting-checks';
import type { TargetResource } from '../kit/target-resource';
import { create${pascal}Client } from './${kebab}-client';
import { ${camel}Records } from './records';

/** ${pascal} connected once. */
export interface ${pascal}Connection extends SystemConnection {
  resources: { records: TargetResource };
}

/** ${pascal}: settings ${constant}_BASE_URL and ${constant}_API_KEY (and ${constant}_RETRY_*, by the engine). */
export const ${camel}: SystemDefinition<${pascal}Connection> = {
  name: '${kebab}',
  title: '${pascal}',
  settings: {
    BASE_URL: { description: '${kebab} API', default: 'http://127.0.0.1:4999', check: checkUrl },
    API_KEY: { description: '${kebab} API key (Bearer)', secret: true, developmentDefault: '${camel}_dev_key' },
  },
  connect({ settings, timeoutMs, logger }) {
    const client = create${pascal}Client({ baseUrl: settings.BASE_URL!, apiKey: settings.API_KEY!, timeoutMs }, logger);
    return {
      resources: { records: ${camel}Records(client) },
      async probeCredentials() {
        await client.body({ method: 'GET', path: '/api/records?external_id=__loudwire_credential_probe__' }, 'probe');
      },
    };
  },
};
`,
    [`test/systems/${kebab}.test.ts`]: `import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/config/environment';
import { FailureClass, TargetFailure } from '../../src/systems/kit/target-failure';
import { ${camel} } from '../../src/systems/${kebab}';
import { systems } from '../../src/systems/registry';

// A stand-in that follows the conventions the spoke assumes; replace it with a sandbox under sandbox/${kebab}.
let server: Server;
let baseUrl = '';
let failNext = false;
const records = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.use((request, response, next) => {
    if (request.get('authorization') !== 'Bearer ${camel}_dev_key') return void response.status(401).json({ error: 'key' });
    if (failNext) {
      failNext = false;
      return void response.status(200).json({ error: { code: 'internal' } });
    }
    next();
  });
  app.get('/api/records', (request, response) => {
    response.json({ records: [...records.values()].filter((record) => record.external_id === request.query.external_id) });
  });
  app.post('/api/records', (request, response) => {
    const record = { id: \`rec_\${records.size + 1}\`, ...(request.body as object) };
    records.set(record.id, record);
    response.status(201).json({ record });
  });
  app.get('/api/records/:id', (request, response) => {
    const record = records.get(request.params.id);
    if (!record) return void response.status(404).json({ error: 'not found' });
    response.json({ record });
  });
  app.patch('/api/records/:id', (request, response) => {
    const record = { ...records.get(request.params.id), ...(request.body as object) };
    records.set(request.params.id, record);
    response.json({ record });
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = \`http://127.0.0.1:\${(server.address() as { port: number }).port}\`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const connect = () => ${camel}.connect({ settings: { BASE_URL: baseUrl, API_KEY: '${camel}_dev_key' }, timeoutMs: 2_000 });

describe('system ${kebab}', () => {
  it('is registered, and its settings follow the engine rule (${constant}_*)', () => {
    expect(systems).toContain(${camel});
    const env = loadEnvironment({ NODE_ENV: 'test' });
    expect(env.systems['${kebab}']).toMatchObject({ BASE_URL: 'http://127.0.0.1:4999', API_KEY: '${camel}_dev_key' });
    expect(env.systemRetry['${kebab}']?.maximumAttempts).toBe(8);
    expect(() => loadEnvironment({ NODE_ENV: 'production' })).toThrow(/${constant}_API_KEY/);
  });

  it('creates, finds, reads back and updates a record through its one client', async () => {
    const resource = connect().resources.records;
    const created = await resource.create({ name: 'First', external_id: 'src_1' }, 'key-1');
    expect(await resource.findByExternalId('src_1')).toEqual(created);
    expect((await resource.read(created.id))?.fields).toMatchObject({ name: 'First' });
    expect((await resource.update(created.id, { name: 'Renamed', external_id: 'src_1' })).fields).toMatchObject({
      name: 'Renamed',
    });
    expect(await resource.read('rec_missing')).toBeUndefined();
  });

  it('classifies an error inside an HTTP 200 as a failure, and proves its credentials', async () => {
    failNext = true;
    const failure = await connect().resources.records.findByExternalId('src_1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TargetFailure);
    expect((failure as TargetFailure).failureClass).toBe(FailureClass.errorInSuccessBody);
    await expect(connect().probeCredentials()).resolves.toBeUndefined();
  });
});
`,
  };
}
