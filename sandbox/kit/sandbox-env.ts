import { Webhook } from 'standardwebhooks';
import { sandboxDevDefaults, type SandboxEnvVar } from './dev-defaults';

/** The sandboxes' configuration, parsed once from the environment at start-up. */
export interface SandboxEnv {
  crm: {
    apiKey: string;
    webhookSecret: string;
    webhookUrl: string;
    webhookRetryScheduleSeconds: number[];
    port: number;
  };
  projectTool: { apiKey: string; port: number };
  billing: { clientId: string; clientSecret: string; tokenTtlSeconds: number; port: number };
  helpdesk: {
    apiKey: string;
    webhookSecret: string;
    webhookUrl: string;
    webhookRetryScheduleSeconds: number[];
    port: number;
  };
  accounting: { clientId: string; clientSecret: string; port: number };
}

/** The shortest HMAC key the helpdesk accepts: shorter keys are guessable. */
export const helpdeskWebhookSecretMinLength = 16;

/** A bad sandbox environment variable; the message names it so the operator knows what to fix. */
export class SandboxEnvError extends Error {
  readonly type = 'SandboxEnvError';
  constructor(
    readonly variable: SandboxEnvVar,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'SandboxEnvError';
  }
}

/** Reads every sandbox variable, falling back to the dev default when a variable is unset or empty. */
export function readSandboxEnv(env: NodeJS.ProcessEnv): SandboxEnv {
  const read = (name: SandboxEnvVar): string => {
    const value = env[name]?.trim();
    return value ? value : sandboxDevDefaults[name];
  };
  const webhookSecret = read('CRM_WEBHOOK_SECRET');
  try {
    new Webhook(webhookSecret);
  } catch {
    throw new SandboxEnvError(
      'CRM_WEBHOOK_SECRET',
      'expected a Standard Webhooks secret like whsec_<base64>',
    );
  }
  return {
    crm: {
      apiKey: read('CRM_API_KEY'),
      webhookSecret,
      webhookUrl: parseUrl('CRM_WEBHOOK_URL', read('CRM_WEBHOOK_URL')),
      webhookRetryScheduleSeconds: parseRetrySchedule(read('CRM_WEBHOOK_RETRY_SCHEDULE')),
      port: parsePort('CRM_PORT', read('CRM_PORT')),
    },
    projectTool: {
      apiKey: read('PROJECT_TOOL_API_KEY'),
      port: parsePort('PROJECT_TOOL_PORT', read('PROJECT_TOOL_PORT')),
    },
    billing: {
      clientId: read('BILLING_CLIENT_ID'),
      clientSecret: read('BILLING_CLIENT_SECRET'),
      tokenTtlSeconds: parsePositiveNumber('BILLING_TOKEN_TTL_SECONDS', read('BILLING_TOKEN_TTL_SECONDS')),
      port: parsePort('BILLING_PORT', read('BILLING_PORT')),
    },
    helpdesk: {
      apiKey: read('HELPDESK_API_KEY'),
      webhookSecret: parseHelpdeskWebhookSecret(read('HELPDESK_WEBHOOK_SECRET')),
      webhookUrl: parseUrl('HELPDESK_WEBHOOK_URL', read('HELPDESK_WEBHOOK_URL')),
      webhookRetryScheduleSeconds: parseRetrySchedule(
        read('HELPDESK_WEBHOOK_RETRY_SCHEDULE'),
        'HELPDESK_WEBHOOK_RETRY_SCHEDULE',
      ),
      port: parsePort('HELPDESK_PORT', read('HELPDESK_PORT')),
    },
    accounting: {
      clientId: parseBasicAuthClientId(read('ACCOUNTING_CLIENT_ID')),
      clientSecret: read('ACCOUNTING_CLIENT_SECRET'),
      port: parsePort('ACCOUNTING_PORT', read('ACCOUNTING_PORT')),
    },
  };
}

/** `"2,10,60"` → `[2, 10, 60]`; an explicit empty list is spelled `"none"` (no retries). */
export function parseRetrySchedule(
  value: string,
  variable: SandboxEnvVar = 'CRM_WEBHOOK_RETRY_SCHEDULE',
): number[] {
  if (value.toLowerCase() === 'none') return [];
  return value.split(',').map((part) => {
    const seconds = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
      throw new SandboxEnvError(variable, `expected comma-separated seconds like 2,10,60, got "${value}"`);
    }
    return seconds;
  });
}

function parsePort(name: SandboxEnvVar, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new SandboxEnvError(name, `expected a TCP port (0 for any free port), got "${value}"`);
  }
  return port;
}

function parsePositiveNumber(name: SandboxEnvVar, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new SandboxEnvError(name, `expected a positive number, got "${value}"`);
  }
  return number;
}

function parseUrl(name: SandboxEnvVar, value: string): string {
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new SandboxEnvError(name, `expected an absolute http(s) URL, got "${value}"`);
  }
  return value;
}

function parseHelpdeskWebhookSecret(value: string): string {
  if (value.length < helpdeskWebhookSecretMinLength) {
    throw new SandboxEnvError(
      'HELPDESK_WEBHOOK_SECRET',
      `expected at least ${helpdeskWebhookSecretMinLength} characters`,
    );
  }
  return value;
}

/** HTTP Basic joins ID and secret with a colon, so an ID containing one could never authenticate. */
function parseBasicAuthClientId(value: string): string {
  if (value.includes(':')) {
    throw new SandboxEnvError('ACCOUNTING_CLIENT_ID', 'must not contain ":" (HTTP Basic separates with it)');
  }
  return value;
}
