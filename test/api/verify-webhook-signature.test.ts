import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createWebhookSignatureVerifier } from '../../src/systems/kit/standard-webhooks';

// The test vector published with the Standard Webhooks specification.
const specVector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

function headersFor(overrides: Record<string, string | undefined> = {}) {
  return {
    'webhook-id': specVector.id,
    'webhook-timestamp': String(specVector.timestamp),
    'webhook-signature': specVector.signature,
    ...overrides,
  };
}

describe('Standard Webhooks signature verification', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('accepts the specification test vector at its own time', () => {
    vi.useFakeTimers({ now: specVector.timestamp * 1000 + 10_000 });
    const verify = createWebhookSignatureVerifier(specVector.secret);
    expect(verify(Buffer.from(specVector.payload), headersFor())).toEqual({
      valid: true,
      eventId: specVector.id,
    });
  });

  it('accepts one matching signature among several (secret rotation)', () => {
    vi.useFakeTimers({ now: specVector.timestamp * 1000 });
    const verify = createWebhookSignatureVerifier(specVector.secret);
    const rotated = `v1,Zm9vYmFy ${specVector.signature}`;
    expect(verify(Buffer.from(specVector.payload), headersFor({ 'webhook-signature': rotated })).valid).toBe(
      true,
    );
  });

  it('refuses a body changed by one character', () => {
    vi.useFakeTimers({ now: specVector.timestamp * 1000 });
    const verify = createWebhookSignatureVerifier(specVector.secret);
    expect(verify(Buffer.from('{"test": 2432232315}'), headersFor())).toMatchObject({
      valid: false,
      problem: 'invalid',
    });
  });

  it('refuses a signature made with another secret', () => {
    vi.useFakeTimers({ now: specVector.timestamp * 1000 });
    const other = new Webhook('whsec_bG91ZHdpcmUtZGV2LWNybS13ZWJob29rLXNlY3JldA==');
    const signature = other.sign(specVector.id, new Date(specVector.timestamp * 1000), specVector.payload);
    const verify = createWebhookSignatureVerifier(specVector.secret);
    expect(
      verify(Buffer.from(specVector.payload), headersFor({ 'webhook-signature': signature })),
    ).toMatchObject({
      valid: false,
      problem: 'invalid',
    });
  });

  it.each([
    ['too old', specVector.timestamp * 1000 + 5 * 60_000 + 2_000],
    ['too new', specVector.timestamp * 1000 - 5 * 60_000 - 2_000],
  ])('refuses a timestamp %s for the ±5 minute tolerance', (_label, now) => {
    vi.useFakeTimers({ now });
    const verify = createWebhookSignatureVerifier(specVector.secret);
    const verdict = verify(Buffer.from(specVector.payload), headersFor());
    expect(verdict).toMatchObject({ valid: false, problem: 'stale' });
  });

  it('accepts a timestamp just inside the tolerance', () => {
    vi.useFakeTimers({ now: specVector.timestamp * 1000 + 5 * 60_000 - 2_000 });
    const verify = createWebhookSignatureVerifier(specVector.secret);
    expect(verify(Buffer.from(specVector.payload), headersFor()).valid).toBe(true);
  });

  it('names every missing header', () => {
    const verify = createWebhookSignatureVerifier(specVector.secret);
    const verdict = verify(Buffer.from(specVector.payload), { 'webhook-id': specVector.id });
    expect(verdict).toEqual({
      valid: false,
      problem: 'missing',
      message: 'missing header(s): webhook-timestamp, webhook-signature',
    });
  });

  it('refuses a timestamp that is not a number', () => {
    const verify = createWebhookSignatureVerifier(specVector.secret);
    expect(
      verify(Buffer.from(specVector.payload), headersFor({ 'webhook-timestamp': 'yesterday' })),
    ).toMatchObject({
      valid: false,
      problem: 'invalid',
    });
  });

  // Issue 12: `parseInt` read these as the signed timestamp, so they verified with a signature made over it.
  it.each(['T.5', '+T', '000T', 'Tabc', 'T, 1', 'T ', '1e9', '0x10'])(
    'refuses the lenient timestamp form %s even with a signature made over the plain timestamp',
    (form) => {
      vi.useFakeTimers({ now: specVector.timestamp * 1000 });
      const verify = createWebhookSignatureVerifier(specVector.secret);
      const header = form.replace('T', String(specVector.timestamp));
      const verdict = verify(Buffer.from(specVector.payload), headersFor({ 'webhook-timestamp': header }));
      expect(verdict).toMatchObject({ valid: false, problem: 'invalid' });
      if (!verdict.valid) expect(verdict.message).toMatch(/webhook-timestamp must be one Unix timestamp/);
    },
  );

  it('refuses a timestamp header sent twice', () => {
    vi.useFakeTimers({ now: specVector.timestamp * 1000 });
    const verify = createWebhookSignatureVerifier(specVector.secret);
    const twice = [String(specVector.timestamp), String(specVector.timestamp)];
    expect(verify(Buffer.from(specVector.payload), { ...headersFor(), 'webhook-timestamp': twice })).toEqual({
      valid: false,
      problem: 'invalid',
      message: 'webhook-timestamp is sent more than once',
    });
  });

  it('checks the signature over the raw bytes, not over their UTF-8 decoding', () => {
    const now = new Date(specVector.timestamp * 1000);
    vi.useFakeTimers({ now });
    const verify = createWebhookSignatureVerifier(specVector.secret);
    const rawBytes = Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xff]), Buffer.from('"}')]);
    const webhook = new Webhook(specVector.secret);
    const overReplacement = webhook.sign(specVector.id, now, rawBytes.toString('utf8'));
    // The `standardwebhooks` signer only signs text (as UTF-8), so the real bytes are signed by hand.
    const key = Buffer.from(specVector.secret.slice('whsec_'.length), 'base64');
    const realBytesSignature = `v1,${createHmac('sha256', key)
      .update(`${specVector.id}.${specVector.timestamp}.`)
      .update(rawBytes)
      .digest('base64')}`;
    expect(verify(rawBytes, headersFor({ 'webhook-signature': realBytesSignature })).valid).toBe(true);
    expect(verify(rawBytes, headersFor({ 'webhook-signature': overReplacement })).valid).toBe(false);
  });

  it('verifies a non-ASCII webhook-id signed over its bytes on the wire, or over its UTF-8 text', () => {
    const now = new Date(specVector.timestamp * 1000);
    vi.useFakeTimers({ now });
    const verify = createWebhookSignatureVerifier(specVector.secret);
    const key = Buffer.from(specVector.secret.slice('whsec_'.length), 'base64');
    const wireBytes = Buffer.from('msg_\u00e9v\u00e9nement', 'utf8'); // a sender that writes UTF-8 on the wire
    const overWire = `v1,${createHmac('sha256', key)
      .update(wireBytes)
      .update(`.${specVector.timestamp}.${specVector.payload}`)
      .digest('base64')}`;
    const asReceived = wireBytes.toString('latin1'); // how Node hands the header over
    expect(
      verify(
        Buffer.from(specVector.payload),
        headersFor({ 'webhook-id': asReceived, 'webhook-signature': overWire }),
      ),
    ).toEqual({ valid: true, eventId: 'msg_\u00e9v\u00e9nement' });

    // A Node sender: `standardwebhooks` signs the UTF-8 of "msg_é", its HTTP client writes "é" as one latin1 byte.
    const latin1Text = 'msg_\u00e9';
    const overText = new Webhook(specVector.secret).sign(latin1Text, now, specVector.payload);
    expect(
      verify(
        Buffer.from(specVector.payload),
        headersFor({ 'webhook-id': latin1Text, 'webhook-signature': overText }),
      ),
    ).toMatchObject({ valid: true });
  });
});
