import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBillingSandbox } from '../../sandbox/billing/create-billing-sandbox';
import { createCrmSandbox } from '../../sandbox/crm/create-crm-sandbox';
import { createProjectToolSandbox } from '../../sandbox/project-tool/create-project-tool-sandbox';
import { addFault, call, serveForTest, type HttpResult, type ServedSandbox } from './http-test-client';

type ApiFaultKind =
  'http_500' | 'http_429' | 'error_body_200' | 'expired_credentials' | 'revoked_credentials';

interface VendorCase {
  vendor: string;
  start: () => Promise<ServedSandbox<{ close(): Promise<void> }>>;
  /** A read on the vendor's API with valid credentials. */
  read: (url: string, timeoutMs?: number) => Promise<HttpResult>;
  /** What each fault looks like in this vendor's conventions. */
  expected: Record<ApiFaultKind, { status: number; body: unknown }>;
}

let billingToken = '';

const vendors: VendorCase[] = [
  {
    vendor: 'CRM',
    start: () =>
      serveForTest(createCrmSandbox({ webhookUrl: 'http://127.0.0.1:9/', webhookRetryScheduleSeconds: [] })),
    read: (url, timeoutMs) =>
      call(url, 'GET', '/api/deals/deal_seed01', {
        headers: { authorization: 'Bearer crm_dev_key' },
        timeoutMs,
      }),
    expected: {
      http_500: { status: 500, body: { errorCode: 'INTERNAL_SERVER_ERROR' } },
      http_429: { status: 429, body: { errorCode: 'RATE_LIMIT_EXCEEDED' } },
      error_body_200: { status: 200, body: { data: null, errors: [{ errorCode: 'INTERNAL_SERVER_ERROR' }] } },
      expired_credentials: { status: 401, body: { errorCode: 'API_KEY_EXPIRED' } },
      revoked_credentials: { status: 401, body: { errorCode: 'API_KEY_REVOKED' } },
    },
  },
  {
    vendor: 'project tool',
    start: () => serveForTest(createProjectToolSandbox()),
    read: (url, timeoutMs) =>
      call(url, 'GET', '/v2/projects', { headers: { 'x-api-key': 'projects_dev_key' }, timeoutMs }),
    expected: {
      http_500: { status: 500, body: { error: { code: 'internal_error' } } },
      http_429: { status: 429, body: { error: { code: 'rate_limited' } } },
      error_body_200: { status: 200, body: { project: null, error: { code: 'internal_error' } } },
      expired_credentials: { status: 401, body: { error: { code: 'api_key_expired' } } },
      revoked_credentials: { status: 403, body: { error: { code: 'api_key_revoked' } } },
    },
  },
  {
    vendor: 'billing',
    start: async () => {
      const served = await serveForTest(createBillingSandbox());
      const token = await call(served.url, 'POST', '/oauth/token', {
        form: {
          grant_type: 'client_credentials',
          client_id: 'loudwire-dev',
          client_secret: 'billing_dev_secret',
        },
      });
      billingToken = token.body.access_token;
      return served;
    },
    read: (url, timeoutMs) =>
      call(url, 'GET', '/v1/customers', { headers: { authorization: `Bearer ${billingToken}` }, timeoutMs }),
    expected: {
      http_500: { status: 500, body: { success: false, error: { code: 'api_error' } } },
      http_429: { status: 429, body: { success: false, error: { code: 'rate_limit_exceeded' } } },
      error_body_200: { status: 200, body: { success: false, error: { code: 'processing_error' } } },
      expired_credentials: {
        status: 401,
        body: { error: 'invalid_token', error_description: 'The access token expired' },
      },
      revoked_credentials: { status: 401, body: { error: 'invalid_client' } },
    },
  },
];

describe.each(vendors)('$vendor API faults', (vendor) => {
  let served: ServedSandbox<{ close(): Promise<void> }>;
  beforeAll(async () => {
    served = await vendor.start();
  });
  afterAll(async () => {
    await served.close();
  });
  beforeEach(async () => {
    await call(served.url, 'DELETE', '/__sandbox/faults');
  });

  it('answers normally without faults', async () => {
    expect((await vendor.read(served.url)).status).toBe(200);
  });

  it.each(Object.keys(vendor.expected) as ApiFaultKind[])(
    '%s fires once in the vendor convention, then expires',
    async (kind) => {
      await addFault(served.url, { kind, count: 1 });
      const faulted = await vendor.read(served.url);
      expect(faulted.status).toBe(vendor.expected[kind].status);
      expect(faulted.body).toMatchObject(vendor.expected[kind].body as object);
      if (kind === 'http_429') expect(faulted.headers.get('retry-after')).toBe('1');
      expect((await vendor.read(served.url)).status).toBe(200);
    },
  );

  it('http_429 carries the requested Retry-After', async () => {
    await addFault(served.url, { kind: 'http_429', count: 1, retryAfterSeconds: 30 });
    expect((await vendor.read(served.url)).headers.get('retry-after')).toBe('30');
  });

  it('rate_limit admits N requests per second, answers 429 + Retry-After beyond, and counts both', async () => {
    await addFault(served.url, { kind: 'rate_limit', requestsPerSecond: 3 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i += 1) {
      const answer = await vendor.read(served.url);
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(retryAfter).toBe('1');
    const [fault] = (await call(served.url, 'GET', '/__sandbox/faults')).body.faults;
    expect(fault).toMatchObject({
      kind: 'rate_limit',
      requestsPerSecond: 3,
      counts: { admitted: 3, refused: 2 },
    });
    expect(fault.counts.lastAdmittedAt).toBeGreaterThanOrEqual(fault.counts.firstAdmittedAt);
    // The bucket refills: a second later it admits again.
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect((await vendor.read(served.url)).status).toBe(200);
  });

  it('rate_limit refuses a spec without requestsPerSecond, and requestsPerSecond on other kinds', async () => {
    const missing = await call(served.url, 'POST', '/__sandbox/faults', { json: { kind: 'rate_limit' } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ field: 'requestsPerSecond' });
    const misplaced = await call(served.url, 'POST', '/__sandbox/faults', {
      json: { kind: 'http_500', count: 1, requestsPerSecond: 3 },
    });
    expect(misplaced.status).toBe(400);
    expect(misplaced.body).toMatchObject({ field: 'requestsPerSecond' });
  });

  it('slow holds the response past a client timeout, then serves it', async () => {
    await addFault(served.url, { kind: 'slow', count: 2, delayMs: 400 });
    // The control plane is never slowed.
    expect((await call(served.url, 'GET', '/__sandbox/state', { timeoutMs: 150 })).status).toBe(200);
    await expect(vendor.read(served.url, 150)).rejects.toMatchObject({ name: 'TimeoutError' });
    const started = Date.now();
    const late = await vendor.read(served.url);
    expect(late.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect((await call(served.url, 'GET', '/__sandbox/faults')).body.faults).toEqual([]);
  });

  it('a route-restricted fault leaves other routes alone', async () => {
    await addFault(served.url, { kind: 'http_500', rate: 1, route: 'POST /nowhere' });
    expect((await vendor.read(served.url)).status).toBe(200);
    expect((await call(served.url, 'GET', '/__sandbox/faults')).body.faults).toHaveLength(1);
  });

  it('rate 0 never fires and rate 1 always does', async () => {
    await addFault(served.url, { kind: 'http_500', rate: 0 });
    expect((await vendor.read(served.url)).status).toBe(200);
    await addFault(served.url, { kind: 'http_500', rate: 1 });
    expect((await vendor.read(served.url)).status).toBe(500);
    expect((await vendor.read(served.url)).status).toBe(500);
  });
});
