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
}

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
      apiKey: read('PROJECTS_API_KEY'),
      port: parsePort('PROJECTS_PORT', read('PROJECTS_PORT')),
    },
    billing: {
      clientId: read('BILLING_CLIENT_ID'),
      clientSecret: read('BILLING_CLIENT_SECRET'),
      tokenTtlSeconds: parsePositiveNumber('BILLING_TOKEN_TTL_SECONDS', read('BILLING_TOKEN_TTL_SECONDS')),
      port: parsePort('BILLING_PORT', read('BILLING_PORT')),
    },
  };
}

/** `"2,10,60"` → `[2, 10, 60]`; an explicit empty list is spelled `"none"` (no retries). */
export function parseRetrySchedule(value: string): number[] {
  if (value.toLowerCase() === 'none') return [];
  return value.split(',').map((part) => {
    const seconds = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
      throw new SandboxEnvError(
        'CRM_WEBHOOK_RETRY_SCHEDULE',
        `expected comma-separated seconds like 2,10,60, got "${value}"`,
      );
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
