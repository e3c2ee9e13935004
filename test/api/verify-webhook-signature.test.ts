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
    expect(verify(specVector.payload, headersFor())).toEqual({ valid: true, eventId: specVector.id });
  });

  it('accepts one matching signature among several (secret rotation)', () => {
    vi.useFakeTimers({ now: specVector.timestamp * 1000 });
    const verify = createWebhookSignatureVerifier(specVector.secret);
    const rotated = `v1,Zm9vYmFy ${specVector.signature}`;
    expect(verify(specVector.payload, headersFor({ 'webhook-signature': rotated })).valid).toBe(true);
  });

  it('refuses a body changed by one character', () => {
    vi.useFakeTimers({ now: specVector.timestamp * 1000 });
    const verify = createWebhookSignatureVerifier(specVector.secret);
    expect(verify('{"test": 2432232315}', headersFor())).toMatchObject({ valid: false, problem: 'invalid' });
  });

  it('refuses a signature made with another secret', () => {
    vi.useFakeTimers({ now: specVector.timestamp * 1000 });
    const other = new Webhook('whsec_bG91ZHdpcmUtZGV2LWNybS13ZWJob29rLXNlY3JldA==');
    const signature = other.sign(specVector.id, new Date(specVector.timestamp * 1000), specVector.payload);
    const verify = createWebhookSignatureVerifier(specVector.secret);
    expect(verify(specVector.payload, headersFor({ 'webhook-signature': signature }))).toMatchObject({
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
    const verdict = verify(specVector.payload, headersFor());
    expect(verdict).toMatchObject({ valid: false, problem: 'stale' });
  });

  it('accepts a timestamp just inside the tolerance', () => {
    vi.useFakeTimers({ now: specVector.timestamp * 1000 + 5 * 60_000 - 2_000 });
    const verify = createWebhookSignatureVerifier(specVector.secret);
    expect(verify(specVector.payload, headersFor()).valid).toBe(true);
  });

  it('names every missing header', () => {
    const verify = createWebhookSignatureVerifier(specVector.secret);
    const verdict = verify(specVector.payload, { 'webhook-id': specVector.id });
    expect(verdict).toEqual({
      valid: false,
      problem: 'missing',
      message: 'missing header(s): webhook-timestamp, webhook-signature',
    });
  });

  it('refuses a timestamp that is not a number', () => {
    const verify = createWebhookSignatureVerifier(specVector.secret);
    expect(verify(specVector.payload, headersFor({ 'webhook-timestamp': 'yesterday' }))).toMatchObject({
      valid: false,
      problem: 'invalid',
    });
  });
});
