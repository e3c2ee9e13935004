/**
 * Development defaults for the sandbox vendors, keyed by the environment variable that overrides each one.
 * They are values as they would appear in `.env` (strings). None of them is a real secret: the sandboxes only
 * ever run on a developer's machine or in CI.
 */
export const sandboxDevDefaults = {
  CRM_API_KEY: 'crm_dev_key',
  /** A valid Standard Webhooks secret: `whsec_` + base64("loudwire-dev-crm-webhook-secret"). */
  CRM_WEBHOOK_SECRET: 'whsec_bG91ZHdpcmUtZGV2LWNybS13ZWJob29rLXNlY3JldA==',
  CRM_WEBHOOK_URL: 'http://127.0.0.1:3000/webhooks/crm',
  /** Seconds to wait before each retry of a failed webhook delivery (so 1 attempt + 3 retries). */
  CRM_WEBHOOK_RETRY_SCHEDULE: '2,10,60',
  CRM_PORT: '4001',
  PROJECT_TOOL_API_KEY: 'projects_dev_key',
  PROJECT_TOOL_PORT: '4002',
  BILLING_CLIENT_ID: 'loudwire-dev',
  BILLING_CLIENT_SECRET: 'billing_dev_secret',
  BILLING_TOKEN_TTL_SECONDS: '3600',
  BILLING_PORT: '4003',
  HELPDESK_API_KEY: 'helpdesk_dev_key',
  /** Plain HMAC key (not Standard Webhooks): the helpdesk signs `<timestamp>.<raw body>` with it. */
  HELPDESK_WEBHOOK_SECRET: 'helpdesk_dev_webhook_secret_0123456789abcdef',
  HELPDESK_WEBHOOK_URL: 'http://127.0.0.1:3000/webhooks/helpdesk',
  /** Seconds to wait before each retry of a failed webhook delivery (so 1 attempt + 3 retries). */
  HELPDESK_WEBHOOK_RETRY_SCHEDULE: '2,10,60',
  HELPDESK_PORT: '4004',
  ACCOUNTING_CLIENT_ID: 'loudwire-dev',
  ACCOUNTING_CLIENT_SECRET: 'accounting_dev_secret',
  ACCOUNTING_PORT: '4005',
} as const;

export type SandboxEnvVar = keyof typeof sandboxDevDefaults;

/** Interface the sandboxes bind to unless told otherwise: loopback, so they are never reachable off-machine. */
export const sandboxDefaultHost = '127.0.0.1';

/** Where `tsx sandbox/start-sandboxes.ts` keeps its SQLite files (override with SANDBOX_DATA_DIR). */
export const sandboxDefaultDataDir = 'data/sandbox';
