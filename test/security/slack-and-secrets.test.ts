import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AlertClass, type Alert } from '../../src/alerts/alert';
import { toSlackMessage } from '../../src/alerts/slack-message';
import { loadEnvironment } from '../../src/config/environment';

const hostile = '```\n<!channel> <https://evil.example|Sign in> &amp; *bold*';
const alert: Alert = {
  incidentId: 'i1',
  alertClass: AlertClass.targetRejected,
  severity: 'critical',
  integration: 'client-onboarding',
  recordKey: 'deal_1',
  workflowId: 'client-onboarding:crm:deal_1',
  workflowUrl: 'http://localhost:8233/namespaces/default/workflows/x',
  message: `billing refused: ${hostile}`,
  payload: { deal: { title: hostile } },
} as Alert;

describe('alert text for Slack', () => {
  it('cannot mention the channel, disguise a link or break out of the payload code block', () => {
    const message = toSlackMessage(alert) as { text: string; blocks: { text?: { text: string } }[] };
    const slackVisible = JSON.stringify({ text: message.text, blocks: message.blocks });
    expect(slackVisible).not.toContain('<!channel>');
    expect(slackVisible).not.toContain('<https://evil');
    expect(message.text).toContain('&lt;!channel&gt;');
    const codeBlock = message.blocks.at(-1)!.text!.text;
    expect(codeBlock.startsWith('```')).toBe(true);
    expect(codeBlock.endsWith('```')).toBe(true);
    expect(codeBlock.slice(3, -3)).not.toContain('`');
    expect(codeBlock).toContain('\u02cb\u02cb\u02cb'); // the backticks are shown, as look-alikes
    // The structured copy for other sinks keeps the original text.
    expect((message as unknown as { loudwire: Alert }).loudwire.message).toContain(hostile);
  });
});

describe('webhook secrets in production', () => {
  const production = {
    NODE_ENV: 'production',
    CRM_API_KEY: 'k',
    PROJECT_TOOL_API_KEY: 'k',
    BILLING_CLIENT_ID: 'id',
    BILLING_CLIENT_SECRET: 's',
    HELPDESK_API_KEY: 'k',
    HELPDESK_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
    ACCOUNTING_CLIENT_ID: 'id',
    ACCOUNTING_CLIENT_SECRET: 's',
    PAYLOAD_ENCRYPTION_KEYS: `p:${randomBytes(32).toString('base64')}`,
  };
  const secretOf = (bytes: Buffer) => `whsec_${bytes.toString('base64')}`;

  it('refuses a secret shorter than 24 random bytes, or a repetitive one', () => {
    expect(() => loadEnvironment({ ...production, CRM_WEBHOOK_SECRET: secretOf(randomBytes(16)) })).toThrow(
      'CRM_WEBHOOK_SECRET holds 16 bytes; production needs at least 24 random bytes',
    );
    expect(() =>
      loadEnvironment({ ...production, CRM_WEBHOOK_SECRET: secretOf(Buffer.alloc(32, 7)) }),
    ).toThrow(/CRM_WEBHOOK_SECRET is not random/);
    expect(() =>
      loadEnvironment({ ...production, CRM_WEBHOOK_SECRET: secretOf(randomBytes(24)) }),
    ).not.toThrow();
    // Outside production a short secret is fine (sandboxes, tests).
    expect(() => loadEnvironment({ CRM_WEBHOOK_SECRET: secretOf(randomBytes(8)) })).not.toThrow();
  });

  it('checks every webhook system’s secret, whatever its scheme', () => {
    expect(() =>
      loadEnvironment({
        ...production,
        CRM_WEBHOOK_SECRET: secretOf(randomBytes(32)),
        HELPDESK_WEBHOOK_SECRET: 'short-hmac-key-1234',
      }),
    ).toThrow(/HELPDESK_WEBHOOK_SECRET holds 19 bytes/);
  });
});
