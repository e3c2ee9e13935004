import { z } from 'zod';
import { durationMs } from './duration';
import { developmentDefaults } from './development-defaults';

/** Retry settings of one target system; every field has an env override (see README, "Environment"). */
export interface TargetRetrySettings {
  maximumAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),

  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  API_HOST: z.string().default('127.0.0.1'),
  WEBHOOK_BODY_LIMIT_BYTES: positiveInt.default(262_144),

  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('loudwire'),
  TEMPORAL_UI_URL: z.string().url().default('http://localhost:8233'),

  CRM_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must be a Standard Webhooks secret (whsec_…)'),
  CRM_API_KEY: z.string().min(1),

  PROJECTS_BASE_URL: z.string().url().default('http://127.0.0.1:4002'),
  PROJECTS_API_KEY: z.string().min(1),
  BILLING_BASE_URL: z.string().url().default('http://127.0.0.1:4003'),
  BILLING_CLIENT_ID: z.string().min(1),
  BILLING_CLIENT_SECRET: z.string().min(1),

  TARGET_HTTP_TIMEOUT: durationMs.default(10_000),
  DEDUP_WINDOW: durationMs.default(4 * 86_400_000),
  CONTINUE_AS_NEW_AFTER_EVENTS: positiveInt.default(2_000),

  PROJECT_TOOL_RETRY_MAX_ATTEMPTS: positiveInt.default(8),
  PROJECT_TOOL_RETRY_INITIAL_INTERVAL: durationMs.default(1_000),
  PROJECT_TOOL_RETRY_BACKOFF: z.coerce.number().min(1).default(2),
  PROJECT_TOOL_RETRY_MAX_INTERVAL: durationMs.default(60_000),
  BILLING_RETRY_MAX_ATTEMPTS: positiveInt.default(8),
  BILLING_RETRY_INITIAL_INTERVAL: durationMs.default(1_000),
  BILLING_RETRY_BACKOFF: z.coerce.number().min(1).default(2),
  BILLING_RETRY_MAX_INTERVAL: durationMs.default(60_000),
});

export type LoudwireEnvironment = z.infer<typeof environmentSchema>;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Env vars whose development defaults must never reach production. */
const secretVariables = [
  'CRM_WEBHOOK_SECRET',
  'CRM_API_KEY',
  'PROJECTS_API_KEY',
  'BILLING_CLIENT_SECRET',
] as const satisfies readonly (keyof typeof developmentDefaults)[];

/**
 * Parses the environment once at start-up. Outside production, unset secrets fall back to the development
 * defaults (the same values as `.env.example` and the sandboxes); in production a missing secret, or a secret
 * still equal to its development default, stops the process with a message naming the variable.
 */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): LoudwireEnvironment {
  const isProduction = env.NODE_ENV === 'production';
  const withDefaults = isProduction ? { ...env } : { ...developmentDefaults, ...definedOnly(env) };
  const parsed = environmentSchema.safeParse(withDefaults);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigurationError(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  if (isProduction) {
    const stillDefault = secretVariables.filter((name) => parsed.data[name] === developmentDefaults[name]);
    if (stillDefault.length > 0) {
      throw new ConfigurationError(
        `NODE_ENV=production refuses development default secrets: set ${stillDefault.join(', ')}`,
      );
    }
  }
  return parsed.data;
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== ''));
}

/** The webhook secret of a source: `<SOURCE>_WEBHOOK_SECRET`, e.g. `CRM_WEBHOOK_SECRET` for `crm`. */
export function webhookSecretVariable(source: string): string {
  return `${source.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_WEBHOOK_SECRET`;
}
