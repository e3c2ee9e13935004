import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { helpdeskSignature, helpdeskWebhooks } from '../../src/systems/helpdesk/helpdesk-webhooks';

const secret = 'helpdesk_test_secret_0123456789';
const body = '{"id":"hde_1","event":"ticket.escalated","createdAt":1764590400000,"ticket":{"id":"tkt_1"}}';
const verify = helpdeskWebhooks.createVerifier(secret);

function headersAt(seconds: number, overrides: Record<string, string | undefined> = {}) {
  const timestamp = String(seconds);
  return {
    'x-helpdesk-timestamp': timestamp,
    'x-helpdesk-signature': helpdeskSignature(secret, timestamp, body),
    ...overrides,
  };
}

const now = () => Math.floor(Date.now() / 1000);

describe('the helpdesk signature scheme (X-Helpdesk-Signature)', () => {
  it('accepts the HMAC-SHA256 of "<timestamp>.<raw body>" with the secret', () => {
    expect(verify(body, headersAt(now()))).toEqual({ valid: true });
    // An independent computation of the documented scheme (Node's HMAC, written out here) agrees.
    expect(helpdeskSignature('k', '1', 'b')).toBe(
      `sha256=${createHmac('sha256', Buffer.from('k', 'utf8')).update(Buffer.from('1.b', 'utf8')).digest('hex')}`,
    );
  });

  it('names missing headers', () => {
    expect(verify(body, {})).toMatchObject({
      valid: false,
      problem: 'missing',
      message: 'missing header(s): x-helpdesk-timestamp, x-helpdesk-signature',
    });
  });

  it('refuses a timestamp outside ±5 minutes, and a non-numeric one', () => {
    expect(verify(body, headersAt(now() - 301))).toMatchObject({ valid: false, problem: 'stale' });
    expect(verify(body, headersAt(now() + 301))).toMatchObject({ valid: false, problem: 'stale' });
    expect(verify(body, headersAt(now(), { 'x-helpdesk-timestamp': 'yesterday' }))).toMatchObject({
      valid: false,
      problem: 'invalid',
    });
  });

  it('refuses another secret, a changed body and a Standard Webhooks signature', () => {
    const timestamp = String(now());
    expect(
      verify(body, {
        ...headersAt(now()),
        'x-helpdesk-signature': helpdeskSignature('other-secret-xxxxxxxx', timestamp, body),
      }),
    ).toMatchObject({ valid: false, problem: 'invalid' });
    expect(verify(body.replace('tkt_1', 'tkt_2'), headersAt(now()))).toMatchObject({
      valid: false,
      problem: 'invalid',
    });
    expect(verify(body, headersAt(now(), { 'x-helpdesk-signature': 'v1,AAAA' }))).toMatchObject({
      valid: false,
      problem: 'invalid',
    });
  });

  it('reads the envelope: the event ID from the body, the ticket as the data, epoch ms as ISO time', () => {
    expect(helpdeskWebhooks.readEnvelope(JSON.parse(body), {})).toEqual({
      valid: true,
      event: {
        eventId: 'hde_1',
        type: 'ticket.escalated',
        occurredAt: '2025-12-01T12:00:00.000Z',
        data: { ticket: { id: 'tkt_1' } },
      },
    });
    expect(
      helpdeskWebhooks.readEnvelope({ id: 'hde_2', event: 'ticket.escalated', createdAt: 1, ticket: {} }, {}),
    ).toMatchObject({ valid: true, event: { data: {} } });
    expect(helpdeskWebhooks.readEnvelope({ event: 'ticket.escalated', createdAt: 'now' }, {})).toMatchObject({
      valid: false,
      issues: [
        { path: 'id', reason: expect.any(String) },
        { path: 'createdAt', reason: 'must be epoch milliseconds' },
        { path: 'ticket', reason: 'is required' },
      ],
    });
  });
});
