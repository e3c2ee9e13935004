import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxWebhookNestingDepth } from '../../src/api/webhooks/webhook-route';
import { tokens } from '../approvals/approval-test-kit';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { rawRequest, signedWebhookHeaders, signRawWebhook } from '../support/raw-http';
import { dealWonEnvelope } from '../support/signed-webhook';

// Issue 12: every example of the hostile-input run, sent as written, gets the answer the rule gives — a 4xx that
// names the problem for input the sender can fix; never a 5xx.

let stack: LoudwireTestStack;

beforeAll(async () => {
  stack = await startLoudwireTestStack({}, { captureLogs: true });
});
afterAll(async () => {
  await stack?.close();
});

const send = (options: Parameters<typeof rawRequest>[1]) => rawRequest(stack.apiUrl, options);
const json = { 'content-type': 'application/json' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const approver = { authorization: `Bearer ${tokens.salesLead}` };

async function expectNoWorkflow(dealId: string) {
  const handle = stack.temporal.workflow.getHandle(`client-onboarding:crm:${dealId}`);
  await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

describe('bad percent-encoding in a path', () => {
  const paths = ['/webhooks/%ZZ', '/webhooks/crm%', '/approvals/%', '/approvals/%ZZ', '/ui/approvals/%ZZ'];
  it.each(paths.flatMap((path) => ['GET', 'POST'].map((method) => [method, path])))(
    '%s %s → 400 malformed_path, before authentication',
    async (method, path) => {
      const answer = await send({
        method,
        path,
        headers: json,
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(answer.status).toBe(400);
      expect(answer.json?.error).toEqual({
        code: 'malformed_path',
        message: 'Path has invalid percent-encoding',
      });
    },
  );
});

describe('body encodings, charsets and form sizes on every route that reads a body', () => {
  const body = Buffer.from(JSON.stringify({ decision: 'approve', token: 'x' }));
  const encodings: [string, Buffer, number, string][] = [
    ['fz-bogus', body, 415, 'unsupported_content_encoding'],
    ['compress', body, 415, 'unsupported_content_encoding'],
    ['zstd', body, 415, 'unsupported_content_encoding'],
    ['gzip', Buffer.from('this is not gzip at all'), 400, 'corrupt_body'],
    ['gzip', gzipSync(body).subarray(0, 12), 400, 'corrupt_body'],
    ['br', Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x42]), 400, 'corrupt_body'],
  ];
  const routes = [
    { path: '/webhooks/crm', headers: json, html: false },
    {
      path: '/approvals/client-onboarding%3Acrm%3Adeal_x/decision',
      headers: { ...json, ...approver },
      html: false,
    },
    { path: '/ui/login', headers: form, html: true },
    { path: '/ui/logout', headers: form, html: true },
  ];

  it.each(routes.flatMap((route) => encodings.map((encoding) => [route.path, ...encoding, route] as const)))(
    'POST %s with Content-Encoding %s → %s',
    async (_path, encoding, bytes, status, code, route) => {
      const answer = await send({
        method: 'POST',
        path: route.path,
        headers: { ...route.headers, 'content-encoding': encoding },
        body: bytes,
      });
      expect(answer.status).toBe(status);
      if (route.html) {
        expect(answer.headers['content-type']).toMatch(/text\/html/);
        expect(answer.text).toMatch(status === 415 ? /content encoding/i : /decompressed/i);
      } else {
        expect(answer.json?.error?.code).toBe(code);
      }
    },
  );

  // Forms may be UTF-8 or ISO-8859-1 (by that name); JSON may be any UTF (body-parser decodes UTF-16 and UTF-32).
  // Anything else is refused by name; a label that does not match the bytes is a body the route cannot read.
  const charsetAnswers: [string, string, number, RegExp][] = [
    ['/webhooks/crm', 'koi8-r', 415, /unsupported_charset/],
    ['/webhooks/crm', 'utf-16', 415, /unsupported_charset/],
    ['/webhooks/crm', 'latin1', 415, /unsupported_charset/],
    [routes[1]!.path, 'koi8-r', 415, /unsupported_charset/],
    [routes[1]!.path, 'utf-16', 400, /Body is not valid JSON/],
    [routes[1]!.path, 'latin1', 415, /unsupported_charset/],
    ['/ui/login', 'koi8-r', 415, /Unsupported charset &quot;KOI8-R&quot;: send UTF-8/],
    ['/ui/login', 'utf-16', 415, /Unsupported charset &quot;UTF-16&quot;: send UTF-8/],
    ['/ui/login', 'latin1', 415, /Unsupported charset &quot;LATIN1&quot;: send UTF-8/],
    ['/ui/login', 'iso-8859-1', 401, /not a valid approver token/],
    ['/ui/logout', 'koi8-r', 415, /Unsupported charset &quot;KOI8-R&quot;: send UTF-8/],
    ['/ui/logout', 'utf-16', 415, /Unsupported charset &quot;UTF-16&quot;: send UTF-8/],
    ['/ui/logout', 'latin1', 415, /Unsupported charset &quot;LATIN1&quot;: send UTF-8/],
    ['/ui/logout', 'iso-8859-1', 303, /^$/],
  ];
  it.each(charsetAnswers)('POST %s with charset %s → %s', async (path, charset, status, answerText) => {
    const route = routes.find((candidate) => candidate.path === path)!;
    const contentType = `${route.headers['content-type']}; charset=${charset}`;
    const answer = await send({
      method: 'POST',
      path: route.path,
      headers: { ...route.headers, 'content-type': contentType },
      body: route.html ? 'token=not-a-token' : body,
    });
    expect(answer.status).toBe(status);
    if (status !== 303) expect(answer.text).toMatch(answerText);
  });

  it.each(['/ui/login', '/ui/logout'])(
    'POST %s with 1,001 form fields → 413 naming the field limit',
    async (path) => {
      const fields = Array.from({ length: 1001 }, (_, index) => `f${index}=1`).join('&');
      const answer = await send({ method: 'POST', path, headers: form, body: fields });
      expect(answer.status).toBe(413);
      expect(answer.headers['content-type']).toMatch(/text\/html/);
      expect(answer.text).toContain('Form has too many fields (at most 1000)');
    },
  );

  it('413 on a decision names the decision limit, and /ui/login answers it as a page', async () => {
    const large = JSON.stringify({ decision: 'approve', comment: 'x'.repeat(20_000) });
    const decision = await send({
      method: 'POST',
      path: '/approvals/client-onboarding%3Acrm%3Adeal_x/decision',
      headers: { ...json, ...approver },
      body: large,
    });
    expect(decision.status).toBe(413);
    expect(decision.json?.error).toEqual({
      code: 'payload_too_large',
      message: 'Body exceeds the 16384-byte limit of decision bodies',
    });
    const login = await send({
      method: 'POST',
      path: '/ui/login',
      headers: form,
      body: `token=${'x'.repeat(20_000)}`,
    });
    expect(login.status).toBe(413);
    expect(login.headers['content-type']).toMatch(/text\/html/);
    expect(login.text).toContain('Body exceeds the 16384-byte limit of the page&#39;s forms');
  });
});

describe('signed webhooks that are odd but authentic, or forged', () => {
  /** A signed body whose data carries `depth` nested objects, built as text (JSON.stringify overflows first). */
  function nestedBody(envelope: ReturnType<typeof dealWonEnvelope>, depth: number): Buffer {
    const text = JSON.stringify(envelope);
    const nested = `${'{"next":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
    return Buffer.from(text.replace('"data":{', `"data":{"custom":${nested},`));
  }

  it('a correctly signed event nested ~4,200 levels deep → 400 naming the limit, no workflow', async () => {
    const envelope = dealWonEnvelope();
    const bytes = nestedBody(envelope, 4200);
    const answer = await send({
      method: 'POST',
      path: '/webhooks/crm',
      headers: signedWebhookHeaders(bytes, 'msg_deep'),
      body: bytes,
    });
    expect(answer.status).toBe(400);
    expect(answer.json?.error).toEqual({
      code: 'too_deeply_nested',
      message: `Body nests objects and arrays more than ${maxWebhookNestingDepth} levels deep (the limit)`,
    });
    await expectNoWorkflow(envelope.data.deal.id);
  });

  it('an event nested just within the limit is accepted', async () => {
    const envelope = dealWonEnvelope();
    // The envelope and data objects take 2 levels.
    const bytes = nestedBody(envelope, maxWebhookNestingDepth - 2);
    const answer = await send({
      method: 'POST',
      path: '/webhooks/crm',
      headers: signedWebhookHeaders(bytes, 'msg_deep_ok'),
      body: bytes,
    });
    expect(answer.status).toBe(202);
  });

  it.each(['T.5', '+T', '000T', 'Tabc'])(
    'webhook-timestamp %s does not verify with a signature made over T',
    async (form) => {
      const envelope = dealWonEnvelope();
      const bytes = Buffer.from(JSON.stringify(envelope));
      const headers = signedWebhookHeaders(bytes, 'msg_lenient');
      headers['webhook-timestamp'] = form.replace('T', headers['webhook-timestamp']);
      const answer = await send({ method: 'POST', path: '/webhooks/crm', headers, body: bytes });
      expect(answer.status).toBe(401);
      expect(answer.json?.error?.message).toMatch(/webhook-timestamp must be one Unix timestamp/);
      await expectNoWorkflow(envelope.data.deal.id);
    },
  );

  it('a duplicated webhook-timestamp header ("T, 1") is refused', async () => {
    const envelope = dealWonEnvelope();
    const bytes = Buffer.from(JSON.stringify(envelope));
    const headers = signedWebhookHeaders(bytes, 'msg_twice');
    const answer = await send({
      method: 'POST',
      path: '/webhooks/crm',
      headers: { ...headers, 'webhook-timestamp': [headers['webhook-timestamp'], '1'] },
      body: bytes,
    });
    expect(answer.status).toBe(401);
    await expectNoWorkflow(envelope.data.deal.id);
  });

  it('the signature covers the raw bytes: an invalid UTF-8 byte is signed as itself, then refused as not UTF-8', async () => {
    const envelope = dealWonEnvelope();
    // 0xFF never occurs in UTF-8.
    const text = JSON.stringify(envelope).replace('Platform rollout', 'Platform \u00ffrollout');
    const bytes = Buffer.from(text, 'latin1');
    const overRealBytes = await send({
      method: 'POST',
      path: '/webhooks/crm',
      headers: signedWebhookHeaders(bytes, 'msg_utf8'),
      body: bytes,
    });
    expect(overRealBytes.status).toBe(400);
    expect(overRealBytes.json?.error?.code).toBe('invalid_utf8');

    const headers = signedWebhookHeaders(bytes, 'msg_utf8');
    const replacement = Buffer.from(bytes.toString('utf8'));
    headers['webhook-signature'] = signRawWebhook('msg_utf8', headers['webhook-timestamp'], replacement);
    const overReplacement = await send({ method: 'POST', path: '/webhooks/crm', headers, body: bytes });
    expect(overReplacement.status).toBe(401);
    await expectNoWorkflow(envelope.data.deal.id);
  });
});

describe('events without a record key', () => {
  it('are kept under their event ID, hashed when it is not a safe key, so two IDs never share a workflow', async () => {
    const post = async (id: string) => {
      const bytes = Buffer.from(JSON.stringify({ ...dealWonEnvelope(), data: { note: 'no deal here' } }));
      const answer = await send({
        method: 'POST',
        path: '/webhooks/crm',
        headers: signedWebhookHeaders(bytes, id),
        body: bytes,
      });
      expect(answer.status).toBe(202);
      return answer.json?.workflowId as string;
    };
    const plain = `msg_plain_${Date.now()}`;
    expect(await post(plain)).toBe(`client-onboarding:crm:unidentified-${plain}`);
    // A space and a tab both read as "_" in the key; the hash keeps them apart.
    const stamp = Date.now();
    const spaced = await post(`msg a ${stamp}`);
    const tabbed = await post(`msg\ta ${stamp}`);
    expect(spaced).toMatch(/^client-onboarding:crm:unidentified-msg_a_\d+-[0-9a-f]{32}$/);
    expect(tabbed).toMatch(/^client-onboarding:crm:unidentified-msg_a_\d+-[0-9a-f]{32}$/);
    expect(tabbed).not.toBe(spaced);
  });
});

describe('slow, stalled and aborted clients', () => {
  it('Content-Length 1000000000000 with 2 bytes sent → 413 at once, connection closed', async () => {
    const started = Date.now();
    const reply = await rawSocketExchange(
      'POST /webhooks/crm HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000000000000\r\n\r\n{}',
    );
    expect(reply.text).toMatch(/^HTTP\/1.1 413/);
    expect(reply.closedByServer).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('partial headers and a body that stops arriving are cut within the server limits', async () => {
    const started = Date.now();
    const [headers, body] = await Promise.all([
      rawSocketExchange('POST /webhooks/crm HTTP/1.1\r\nhost: x\r\ncontent-type: appl'),
      rawSocketExchange(
        'POST /webhooks/crm HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"ty',
      ),
    ]);
    expect(headers.closedByServer).toBe(true);
    expect(headers.text).toMatch(/^HTTP\/1.1 408/);
    expect(body.closedByServer).toBe(true);
    expect(body.text).toMatch(/^HTTP\/1.1 408/);
    // headersTimeout 10 s and requestTimeout 15 s, checked every second; Node's defaults were 60 s and 300 s.
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it('a client that aborts mid-body is logged as aborted, not as an unhandled API error', async () => {
    await new Promise<void>((resolve) => {
      const url = new URL(stack.apiUrl);
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          'POST /ui/login HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 100\r\n\r\ntoken=',
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 200);
      });
    });
    await expect
      .poll(() => stack.logLines.some((line) => line.includes('aborted by the client')), { timeout: 5_000 })
      .toBe(true);
    expect(stack.logLines.some((line) => line.includes('unhandled API error'))).toBe(false);
  });
});

/** Writes raw bytes, then collects the answer until the server closes the socket (or 25 s pass). */
function rawSocketExchange(request: string): Promise<{ text: string; closedByServer: boolean }> {
  const url = new URL(stack.apiUrl);
  return new Promise((resolve) => {
    let text = '';
    const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedByServer: false });
    }, 25_000);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ text, closedByServer: true });
    });
  });
}
