import { describe, expect, it } from 'vitest';
import { approverDirectoryFromEnvironment } from '../../src/approvals/approver-directory';
import { developmentApprovers } from '../../src/approvals/development-approvers';
import { loadEnvironment } from '../../src/config/environment';
import { escapeHtml } from '../../src/api/approvals/approval-page-html';

const productionSecrets = {
  NODE_ENV: 'production',
  CRM_WEBHOOK_SECRET: 'whsec_cHJvZHVjdGlvbi1zZWNyZXQtZm9yLXRlc3Rz',
  CRM_API_KEY: 'prod-crm',
  PROJECT_TOOL_API_KEY: 'prod-projects',
  BILLING_CLIENT_ID: 'prod-billing',
  BILLING_CLIENT_SECRET: 'prod-billing-secret',
  PAYLOAD_ENCRYPTION_KEYS: 'prod-1:q1zcA5hVNmxyX0N7b0tG1Qq3e3g1rZ8cR9c0vT0eH2E=',
  // The helpdesk and accounting systems connected in issue 10 have credentials of their own.
  HELPDESK_API_KEY: 'prod-helpdesk',
  HELPDESK_WEBHOOK_SECRET: 'prod-helpdesk-webhook-secret',
  ACCOUNTING_CLIENT_ID: 'prod-accounting',
  ACCOUNTING_CLIENT_SECRET: 'prod-accounting-secret',
};
const prodApprover = { token: 'prod-token-0123456789abcdef', email: 'CFO@Example.com', groups: ['finance'] };

describe('approver tokens', () => {
  it('uses the documented development approvers when APPROVER_TOKENS is unset outside production', () => {
    const directory = approverDirectoryFromEnvironment(loadEnvironment({ NODE_ENV: 'development' }));
    expect(directory.identify(developmentApprovers[0]!.token)).toEqual({
      email: 'sales.lead@example.com',
      name: 'Sasha Sales-Lead',
      groups: ['sales-leads'],
    });
    expect(directory.identify('not-a-token')).toBeUndefined();
  });

  it('reads APPROVER_TOKENS (JSON) and normalizes emails', () => {
    const directory = approverDirectoryFromEnvironment(
      loadEnvironment({ ...productionSecrets, APPROVER_TOKENS: JSON.stringify([prodApprover]) }),
    );
    expect(directory.identify(prodApprover.token)).toEqual({ email: 'cfo@example.com', groups: ['finance'] });
    expect(directory.identify(developmentApprovers[0]!.token)).toBeUndefined();
  });

  it('in production refuses a missing APPROVER_TOKENS and development tokens', () => {
    expect(() => approverDirectoryFromEnvironment(loadEnvironment(productionSecrets))).toThrow(
      /APPROVER_TOKENS/,
    );
    expect(() =>
      approverDirectoryFromEnvironment(
        loadEnvironment({
          ...productionSecrets,
          APPROVER_TOKENS: JSON.stringify([prodApprover, developmentApprovers[1]]),
        }),
      ),
    ).toThrow(/refuses development approver tokens/);
  });

  it('explains a malformed list without echoing the tokens in it', () => {
    const env = (tokens: string) => loadEnvironment({ NODE_ENV: 'test', APPROVER_TOKENS: tokens });
    expect(() => approverDirectoryFromEnvironment(env('{not json secret-abc'))).toThrow(
      /^APPROVER_TOKENS is not valid JSON/,
    );
    try {
      approverDirectoryFromEnvironment(
        env(JSON.stringify([{ token: 'short-secret', email: 'a@b.example', groups: [] }])),
      );
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/at least 16 characters/);
      expect((error as Error).message).not.toContain('short-secret');
    }
  });
});

describe('escapeHtml', () => {
  it('escapes every character that could open markup or close an attribute', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
  });
});
