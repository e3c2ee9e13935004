import type { SeededRandom } from '../seeded-random';
import { FuzzCategory, type FuzzCase, type FuzzRequest } from './fuzz-case';
import { dealWonEvent, signedHeaders } from './signed-event';

/** The documented development approver tokens (src/approvals/development-approvers.ts). */
const approverTokens = [
  'dev-approver-sales-lead-0001',
  'dev-approver-finance-0002',
  'dev-approver-operations-0004',
];
const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'M-SEARCH'];
const knownPaths = [
  '/healthz',
  '/readyz',
  '/webhooks/crm',
  '/approvals',
  '/approvals/client-onboarding%3Acrm%3Adeal_x',
  '/approvals/client-onboarding%3Acrm%3Adeal_x/decision',
  '/ui/login',
  '/ui/logout',
  '/ui/approvals',
  '/ui/approvals/client-onboarding%3Acrm%3Adeal_x',
  '/ui/approvals/client-onboarding%3Acrm%3Adeal_x/decision',
];
const pathMutations = [
  '/webhooks/%ZZ',
  '/webhooks/crm%',
  '/approvals/%',
  '/approvals/%ZZ',
  '/ui/approvals/%ZZ',
  '/webhooks/%00',
  '/webhooks/crm%2F..%2F..',
  '/webhooks/..%2fapprovals',
  '//webhooks//crm',
  '/webhooks/CRM',
  '/webhooks/crm/',
  '/webhooks/crm?x=%ZZ',
  '/ui/login?next=https://evil.example/',
  '/ui/login?next=%2F%2Fevil.example',
  '/approvals/%E0%A4%A',
  '/approvals/%C0%AF',
  '/webhooks/__proto__',
  '/webhooks/constructor',
  '/approvals/__proto__/decision',
  `/approvals/${'a'.repeat(5000)}`,
  '/ui/approvals/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
];

/** Every route with odd methods and paths, huge and odd headers, and the approval surface's tokens and forms. */
export class SurfaceCases {
  constructor(
    private readonly random: SeededRandom,
    private readonly runId: string,
  ) {}

  route(): FuzzCase {
    const method = this.random.pick(methods);
    const path = this.random.chance(0.5) ? this.random.pick(knownPaths) : this.random.pick(pathMutations);
    const body = this.random.chance(0.3) ? Buffer.from('{"a":1}') : undefined;
    const request: FuzzRequest = {
      method,
      path,
      headers: body ? { 'content-type': 'application/json' } : {},
      ...(body && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
    };
    // Unauthenticated: nothing may be written, so a POST to a webhook must not be 2xx; everything else no 5xx.
    const expectation = method === 'POST' && path.startsWith('/webhooks') ? 'forged' : 'no-server-error';
    return { category: FuzzCategory.routes, label: `${method} ${path.slice(0, 60)}`, expectation, request };
  }

  header(serial: number): FuzzCase {
    const dealId = `deal_fz${this.runId}h${serial}`;
    const body = Buffer.from(JSON.stringify(dealWonEvent(this.random, dealId)));
    const variants: [string, () => FuzzCase][] = [
      [
        '20 KB header value',
        () =>
          this.rawCase(
            '20 KB header value',
            `GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
          ),
      ],
      [
        '300 headers',
        () =>
          this.rawCase(
            '300 headers',
            `GET /healthz HTTP/1.1\r\nhost: x\r\n${Array.from({ length: 300 }, (_, i) => `x-h${i}: v`).join('\r\n')}\r\n\r\n`,
          ),
      ],
      [
        'control byte in a header',
        () => this.rawCase('control byte', 'GET /healthz HTTP/1.1\r\nhost: x\r\nx-odd: a\x01b\r\n\r\n'),
      ],
      [
        'obs-fold header',
        () => this.rawCase('obs-fold', 'GET /healthz HTTP/1.1\r\nhost: x\r\nx-fold: a\r\n  b\r\n\r\n'),
      ],
      [
        'two Content-Lengths',
        () =>
          this.rawCase(
            'two Content-Lengths',
            'POST /webhooks/crm HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}',
          ),
      ],
      [
        'Content-Length and chunked',
        () =>
          this.rawCase(
            'CL + TE',
            'POST /webhooks/crm HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n',
          ),
      ],
      [
        'negative Content-Length',
        () =>
          this.rawCase('negative CL', 'POST /webhooks/crm HTTP/1.1\r\nhost: x\r\ncontent-length: -1\r\n\r\n'),
      ],
      [
        'Content-Length 10^12, 2 bytes sent',
        () =>
          this.rawCase(
            'CL 10^12',
            'POST /webhooks/crm HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000000000000\r\n\r\n{}',
          ),
      ],
      ['HTTP/0.9 request line', () => this.rawCase('HTTP/0.9', 'GET /healthz\r\n\r\n')],
      [
        'garbage request line',
        () => this.rawCase('garbage', `${this.random.bytes(40).toString('latin1')}\r\n\r\n`),
      ],
      [
        'latin1 bytes in webhook-id (signed)',
        () => ({
          category: FuzzCategory.headers,
          label: 'latin1 id',
          expectation: 'accepted',
          request: {
            method: 'POST',
            path: '/webhooks/crm',
            headers: signedHeaders(
              body,
              Buffer.from([
                0x6d,
                0x73,
                0x67,
                0xe9,
                0xfc,
                this.random.int(0x41, 0x5a),
                this.random.int(0x41, 0x5a),
                this.random.int(0x41, 0x5a),
              ]),
            ),
            body,
          },
        }),
      ],
      [
        '8 KB webhook-id (signed)',
        () => ({
          category: FuzzCategory.headers,
          label: '8 KB id',
          expectation: 'accepted',
          request: {
            method: 'POST',
            path: '/webhooks/crm',
            headers: signedHeaders(body, Buffer.from(`msg_${serial}_${'k'.repeat(8000)}`)),
            body,
          },
        }),
      ],
      [
        '8 KB authorization',
        () => ({
          category: FuzzCategory.headers,
          label: '8 KB bearer',
          expectation: 'refused',
          request: {
            method: 'GET',
            path: '/approvals',
            headers: { authorization: `Bearer ${'t'.repeat(8000)}` },
          },
        }),
      ],
      [
        'odd content-type params',
        () => ({
          category: FuzzCategory.headers,
          label: 'odd content-type',
          expectation: 'refused',
          request: {
            method: 'POST',
            path: '/webhooks/crm',
            headers: {
              'content-type': 'application/json; charset=utf-8; boundary="x"; q=0',
              'webhook-id': 'x',
            },
            body,
          },
        }),
      ],
    ];
    return this.random.pick(variants)[1]();
  }

  approval(): FuzzCase {
    const token = this.random.pick(approverTokens);
    const id = this.random.pick([
      'client-onboarding%3Acrm%3Adeal_none',
      'nothing',
      '%2E%2E',
      'client-onboarding%3Acrm%3A%3Cscript%3E',
    ]);
    const json = { 'content-type': 'application/json' };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const fields = (count: number) =>
      Buffer.from(Array.from({ length: count }, (_, i) => `f${i}=1`).join('&'));
    const variants: [string, 'refused' | 'no-server-error', () => FuzzRequest][] = [
      ['list without token', 'refused', () => ({ method: 'GET', path: '/approvals', headers: {} })],
      [
        'list with an unknown token',
        'refused',
        () => ({
          method: 'GET',
          path: '/approvals',
          headers: { authorization: `Bearer ${this.random.token(24)}` },
        }),
      ],
      [
        'list with a malformed authorization',
        'refused',
        () => ({
          method: 'GET',
          path: '/approvals',
          headers: { authorization: this.random.pick(['Bearer', 'Basic eDp5', 'Bearer a b', 'bearer\t']) },
        }),
      ],
      [
        'list as an approver',
        'no-server-error',
        () => ({ method: 'GET', path: '/approvals', headers: { authorization: `Bearer ${token}` } }),
      ],
      [
        'detail of a missing approval',
        'refused',
        () => ({ method: 'GET', path: `/approvals/${id}`, headers: { authorization: `Bearer ${token}` } }),
      ],
      [
        'decision without token',
        'refused',
        () => ({
          method: 'POST',
          path: `/approvals/${id}/decision`,
          headers: json,
          body: Buffer.from('{"decision":"approve"}'),
        }),
      ],
      [
        'decision on a missing approval',
        'refused',
        () => ({
          method: 'POST',
          path: `/approvals/${id}/decision`,
          headers: { ...json, authorization: `Bearer ${token}` },
          body: Buffer.from('{"decision":"approve","comment":"ok"}'),
        }),
      ],
      [
        'decision with a bad body',
        'refused',
        () => ({
          method: 'POST',
          path: `/approvals/${id}/decision`,
          headers: { ...json, authorization: `Bearer ${token}` },
          body: Buffer.from(
            this.random.pick([
              '{"decision":',
              '[]',
              '{"decision":"maybe"}',
              '{"__proto__":{"decision":"approve"}}',
            ]),
          ),
        }),
      ],
      [
        'decision over 16 KB',
        'refused',
        () => ({
          method: 'POST',
          path: `/approvals/${id}/decision`,
          headers: { ...json, authorization: `Bearer ${token}` },
          body: Buffer.from(JSON.stringify({ decision: 'approve', comment: 'x'.repeat(20_000) })),
        }),
      ],
      [
        'page login with a wrong token',
        'refused',
        () => ({
          method: 'POST',
          path: '/ui/login',
          headers: form,
          body: Buffer.from(`token=${this.random.token(20)}&next=%2F%2Fevil.example`),
        }),
      ],
      [
        'page login with 1,001 fields',
        'refused',
        () => ({ method: 'POST', path: '/ui/login', headers: form, body: fields(1001) }),
      ],
      [
        'page login over 16 KB',
        'refused',
        () => ({
          method: 'POST',
          path: '/ui/login',
          headers: form,
          body: Buffer.from(`token=${'x'.repeat(20_000)}`),
        }),
      ],
      [
        'page decision without CSRF token',
        'refused',
        () => ({
          method: 'POST',
          path: `/ui/approvals/${id}/decision`,
          headers: { ...form, cookie: `loudwire_approver=${token}` },
          body: Buffer.from('decision=approve'),
        }),
      ],
      [
        'page decision with a forged CSRF token',
        'refused',
        () => ({
          method: 'POST',
          path: `/ui/approvals/${id}/decision`,
          headers: { ...form, cookie: `loudwire_approver=${token}` },
          body: Buffer.from(`decision=approve&csrf=${this.random.token(43)}`),
        }),
      ],
      [
        'page decision with a forged session',
        'refused',
        () => ({
          method: 'POST',
          path: `/ui/approvals/${id}/decision`,
          headers: { ...form, cookie: `loudwire_approver=${this.random.token(30)}` },
          body: Buffer.from('decision=approve&csrf=x'),
        }),
      ],
      [
        'page logout with a forged CSRF token',
        'refused',
        () => ({
          method: 'POST',
          path: '/ui/logout',
          headers: { ...form, cookie: `loudwire_approver=${token}` },
          body: Buffer.from('csrf=forged'),
        }),
      ],
      [
        'page list with a broken cookie',
        'no-server-error',
        () => ({
          method: 'GET',
          path: '/ui/approvals',
          headers: {
            cookie: this.random.pick([
              'loudwire_approver=%',
              'loudwire_approver',
              '=;=;',
              `loudwire_approver=${'%E0'.repeat(50)}`,
            ]),
          },
        }),
      ],
    ];
    const [label, expectation, make] = this.random.pick(variants);
    return { category: FuzzCategory.approvals, label, expectation, request: make() };
  }

  private rawCase(label: string, text: string): FuzzCase {
    // Malformed HTTP: Node answers 400/408/413/431 or closes; a 5xx or a hang would be the failure.
    return {
      category: FuzzCategory.headers,
      label,
      expectation: 'no-server-error',
      raw: Buffer.from(text, 'latin1'),
    };
  }
}
