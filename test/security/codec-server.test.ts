import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptionDevelopmentDefaults as developmentDefaults } from '../../src/config/payload-encryption-settings';
import { encryptionKeyIdMetadataKey } from '../../src/encryption/encryption-codec';
import { temporalCliPath } from '../../src/temporal/temporal-cli-path';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// The codec server on the API: operators with a token see plaintext (Web UI, temporal CLI), nobody else does.

const operatorToken = developmentDefaults.CODEC_OPERATOR_TOKENS.split(':')[1]!;
const uiOrigin = 'http://ui.example:8233';
let stack: LoudwireTestStack;
let workflowId: string;
let signalPayload: { metadata: Record<string, string>; data: string };

beforeAll(async () => {
  stack = await startLoudwireTestStack({ TEMPORAL_UI_URL: `${uiOrigin}/` });
  const envelope = dealWonEnvelope({ companyName: 'Codec Check Robotics AG' });
  const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
  workflowId = accepted.body.workflowId as string;
  // The raw history as Temporal holds it: read with the bare gRPC service, no data converter.
  const history = await waitFor('the signal in history', async () => {
    const response = await stack.temporal.connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
    });
    return response.history?.events?.find((event) => event.workflowExecutionSignaledEventAttributes);
  });
  const raw = history.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!;
  signalPayload = {
    metadata: Object.fromEntries(
      Object.entries(raw.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
    ),
    data: Buffer.from(raw.data ?? []).toString('base64'),
  };
});
afterAll(async () => {
  await stack?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
/** Every payload's data in a `temporal workflow show --output json` history, as text. */
function payloadTexts(historyJson: string): string {
  const texts: string[] = [];
  JSON.parse(historyJson, (key, value: unknown) => {
    if (key === 'data' && typeof value === 'string')
      texts.push(Buffer.from(value, 'base64').toString('utf8'));
    return value;
  });
  return texts.join('\n');
}
const decodedText = (payload: { data: string }) => Buffer.from(payload.data, 'base64').toString('utf8');

describe('the codec server', () => {
  it('answers 401 without an operator token or with a wrong one', async () => {
    const none = await post('/codec/decode', { payloads: [signalPayload] });
    expect(none.status).toBe(401);
    const body = (await none.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('codec_unauthorized');
    expect(JSON.stringify(body)).not.toContain('Codec Check');
    const wrong = await post(
      '/codec/decode',
      { payloads: [signalPayload] },
      { authorization: 'Bearer nope' },
    );
    expect(wrong.status).toBe(401);
    // A signal as stored holds ciphertext only.
    expect(decodedText(signalPayload)).not.toContain('Codec Check');
  });

  it('decodes stored payloads for an operator, and encodes with the active key', async () => {
    const response = await post(
      '/codec/decode',
      { payloads: [signalPayload] },
      { authorization: `Bearer ${operatorToken}`, 'x-namespace': 'default' },
    );
    expect(response.status).toBe(200);
    const { payloads } = (await response.json()) as { payloads: { data: string }[] };
    expect(decodedText(payloads[0]!)).toContain('Codec Check Robotics AG');

    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('{"a":1}').toString('base64'),
    };
    const encoded = (await (
      await post('/codec/encode', { payloads: [plain] }, { authorization: `Bearer ${operatorToken}` })
    ).json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(encoded.payloads[0]!.metadata[encryptionKeyIdMetadataKey]!, 'base64').toString()).toBe(
      'dev-1',
    );
    const roundTrip = (await (
      await post('/codec/decode', encoded, { authorization: `Bearer ${operatorToken}` })
    ).json()) as { payloads: { data: string }[] };
    expect(decodedText(roundTrip.payloads[0]!)).toBe('{"a":1}');

    const malformed = await post('/codec/decode', { nope: 1 }, { authorization: `Bearer ${operatorToken}` });
    expect(malformed.status).toBe(400);
  });

  it('allows the Web UI’s origin with credentials, and no other origin', async () => {
    const preflight = await fetch(`${stack.apiUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: uiOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const foreign = await fetch(`${stack.apiUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('signs an operator in with a cookie the Web UI then sends', async () => {
    const refused = await fetch(`${stack.apiUrl}/codec/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=wrong',
    });
    expect(refused.status).toBe(401);
    const signIn = await fetch(`${stack.apiUrl}/codec/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(operatorToken)}`,
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/loudwire_codec=.*Path=\/codec.*HttpOnly.*SameSite=Strict/);
    const decoded = await post(
      '/codec/decode',
      { payloads: [signalPayload] },
      { cookie: cookie.split(';')[0]! },
    );
    expect(decoded.status).toBe(200);
  });

  it('lets the temporal CLI show a history in plaintext with --codec-endpoint and --codec-auth', async () => {
    const show = (extra: string[]) =>
      promisify(execFile)(temporalCliPath(), [
        'workflow',
        'show',
        '--address',
        stack.env.TEMPORAL_ADDRESS,
        '--workflow-id',
        workflowId,
        '--output',
        'json',
        ...extra,
      ]);
    const withoutCodec = await show([]);
    expect(payloadTexts(withoutCodec.stdout)).not.toContain('Codec Check Robotics AG');
    const withCodec = await show([
      '--codec-endpoint',
      `${stack.apiUrl}/codec`,
      '--codec-auth',
      `Bearer ${operatorToken}`,
    ]);
    expect(payloadTexts(withCodec.stdout)).toContain('Codec Check Robotics AG');
  });
});
