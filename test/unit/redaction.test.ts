import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger';
import { redactSensitive } from '../../src/logging/sensitive-fields';

describe('redaction', () => {
  it('masks credentials and personal fields at any depth, leaving the rest', () => {
    const redacted = redactSensitive({
      headers: { Authorization: 'Bearer abc', 'X-Api-Key': 'k', accept: 'application/json' },
      body: { contact: { email: 'a@b.example', phone: '+1', firstName: 'Ada' }, name: 'Acme' },
      list: [{ client_secret: 's' }],
    });
    expect(redacted).toEqual({
      headers: { Authorization: '[redacted]', 'X-Api-Key': '[redacted]', accept: 'application/json' },
      body: { contact: { email: '[redacted]', phone: '[redacted]', firstName: '[redacted]' }, name: 'Acme' },
      list: [{ client_secret: '[redacted]' }],
    });
  });

  it('masks email and phone fields in any vendor spelling (requesterEmail, EmailAddress, mobile_phone)', () => {
    expect(
      redactSensitive({
        ticket: { requesterEmail: 'z@b.example', subject: 'Hi' },
        EmailAddress: 'a@b.example',
        mobile_phone: '+1',
      }),
    ).toEqual({
      ticket: { requesterEmail: '[redacted]', subject: 'Hi' },
      EmailAddress: '[redacted]',
      mobile_phone: '[redacted]',
    });
  });

  it('survives cycles and absurd depth', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100; i += 1) deep = { deep };
    expect(() => redactSensitive(cyclic)).not.toThrow();
    expect(() => redactSensitive(deep)).not.toThrow();
  });

  it('applies to every line the logger writes', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('test', 'info', sink);
    logger.info(
      { request: { headers: { authorization: 'Bearer secret-token' }, body: { email: 'x@y.example' } } },
      'hi',
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.join('')).not.toContain('secret-token');
    expect(lines.join('')).not.toContain('x@y.example');
    expect(JSON.parse(lines[0]!)).toMatchObject({ component: 'test', msg: 'hi' });
  });
});
