import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { durationMs } from './duration';
import { developmentDefaults } from './development-defaults';
import { payloadEncryptionSettingsSchema } from './payload-encryption-settings';
import { temporalClientSettingsSchema } from './temporal-client-settings';
import { webhookSecretWeakness } from './webhook-secret-strength';
import { temporalProfileAsEnvironment } from '../temporal/temporal-profile';

const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),

  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  API_HOST: z.string().default('127.0.0.1'),
  WEBHOOK_BODY_LIMIT_BYTES: positiveInt.default(262_144),
  /** On SIGTERM the API answers readyz 503 but keeps serving this long, so load balancers take it out first. */
  API_SHUTDOWN_DELAY: durationMs.default(0),
  /** Then in-flight requests get this long to finish before their connections are cut. */
  API_SHUTDOWN_GRACE: durationMs.default(30_000),
  /** On SIGTERM in-flight activities get this long; unset: one target write's budget (4 × TARGET_HTTP_TIMEOUT + 5 s). */
  WORKER_SHUTDOWN_GRACE: durationMs.optional(),

  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('loudwire'),
  TEMPORAL_UI_URL: z.string().url().default('http://localhost:8233'),
  // Temporal's standard client settings, under the names Temporal's own environment configuration uses (also
  // read from its profile file: TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE). See src/temporal/temporal-connection-options.ts.
  ...temporalClientSettingsSchema,

  ...payloadEncryptionSettingsSchema,

  CRM_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must be a Standard Webhooks secret (whsec_…)'),
  CRM_API_KEY: z.string().min(1),

  PROJECTS_BASE_URL: z.string().url().default('http://127.0.0.1:4002'),
  PROJECTS_API_KEY: z.string().min(1),
  BILLING_BASE_URL: z.string().url().default('http://127.0.0.1:4003'),
  BILLING_CLIENT_ID: z.string().min(1),
  BILLING_CLIENT_SECRET: z.string().min(1),

  TARGET_HTTP_TIMEOUT: durationMs.default(10_000),
  VERIFY_WRITES: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),

  ALERT_WEBHOOK_URL: z.string().url().optional(),
  CREDENTIAL_CHECK_INTERVAL: durationMs.default(15 * 60_000),
  CREDENTIAL_EXPIRY_WARNING: durationMs.default(7 * 86_400_000),
  PROJECTS_API_KEY_EXPIRES_AT: z.iso.datetime({ offset: true }).optional(),
  BILLING_CLIENT_SECRET_EXPIRES_AT: z.iso.datetime({ offset: true }).optional(),
  DEDUP_WINDOW: durationMs.default(4 * 86_400_000),
  CONTINUE_AS_NEW_AFTER_EVENTS: positiveInt.default(2_000),
  WORKER_MAX_CACHED_WORKFLOWS: positiveInt.default(500),

  PROJECT_TOOL_RETRY_MAX_ATTEMPTS: positiveInt.default(8),
  PROJECT_TOOL_RETRY_INITIAL_INTERVAL: durationMs.default(1_000),
  PROJECT_TOOL_RETRY_BACKOFF: z.coerce.number().min(1).default(2),
  PROJECT_TOOL_RETRY_MAX_INTERVAL: durationMs.default(60_000),
  BILLING_RETRY_MAX_ATTEMPTS: positiveInt.default(8),
  BILLING_RETRY_INITIAL_INTERVAL: durationMs.default(1_000),
  BILLING_RETRY_BACKOFF: z.coerce.number().min(1).default(2),
  BILLING_RETRY_MAX_INTERVAL: durationMs.default(60_000),

  // Approvals (docs/approvals.md). Links in approval alerts point at PUBLIC_API_URL.
  PUBLIC_API_URL: z.string().url().default('http://127.0.0.1:3000'),
  /** JSON `[{token, email, name?, groups}]` (or APPROVER_TOKENS_FILE); unset outside production: dev approvers. */
  APPROVER_TOKENS: z.string().optional(),
  APPROVAL_AMOUNT_THRESHOLD_MINOR: z.coerce.number().int().min(0).default(5_000_000),
  APPROVAL_COUNTRIES: z
    .string()
    .default('')
    .transform((text) => commaList(text).map((code) => code.toUpperCase()))
    .pipe(z.array(z.string().regex(/^[A-Z]{2}$/, 'must list ISO 3166-1 alpha-2 codes, e.g. "IR,KP"'))),
  APPROVAL_WARNING_CODES: z
    .string()
    .default('')
    .transform((text): string[] | 'any' => (text.trim() === '*' ? 'any' : commaList(text))),
  APPROVAL_GROUP: z.string().min(1).default('sales-leads'),
  APPROVAL_TIMEOUT: durationMs.default(2 * 86_400_000),
  /** `none`: no escalation, the approval expires after APPROVAL_TIMEOUT. */
  APPROVAL_ESCALATION_GROUP: z
    .string()
    .min(1)
    .default('finance')
    .transform((group) => (group.trim().toLowerCase() === 'none' ? '' : group.trim())),
  APPROVAL_ESCALATION_TIMEOUT: durationMs.default(86_400_000),
  APPROVAL_ON_EXPIRY: z.enum(['park', 'reject']).default('park'),

  // Batch syncs and schedules (docs/batch-sync.md).
  BATCH_PAGE_SIZE: positiveInt.max(1_000).default(500),
  BATCH_PAGES_PER_ACTIVITY: positiveInt.default(5),
  BATCH_PAGES_PER_RUN: positiveInt.default(100),
  BATCH_WRITE_SIZE: positiveInt.max(500).default(250),
  BATCH_HEARTBEAT_TIMEOUT: durationMs.default(30_000),
  RECONCILIATION_SAMPLE_SIZE: positiveInt.max(200).default(20),
  SCHEDULE_ID_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]*$/, 'may only contain A-Z a-z 0-9 _ . : -')
    .default(''),
  BILLABLE_HOURS_TIMEZONE: z
    .string()
    .refine((zone) => isTimeZone(zone), 'must be an IANA time zone, e.g. Europe/Berlin or UTC')
    .default('UTC'),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

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
export function loadEnvironment(rawEnv: NodeJS.ProcessEnv = process.env): LoudwireEnvironment {
  const env = withTemporalProfile(withSecretFiles(rawEnv));
  const isProduction = env.NODE_ENV === 'production';
  const withDefaults = isProduction ? { ...env } : { ...developmentDefaults, ...definedOnly(env) };
  const parsed = environmentSchema.safeParse(withDefaults);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigurationError(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  if (isProduction) {
    const stillDefault: string[] = secretVariables.filter(
      (name) => parsed.data[name] === developmentDefaults[name],
    );
    stillDefault.push(...stillDevelopmentEncryption(parsed.data));
    const weakness = webhookSecretWeakness(parsed.data.CRM_WEBHOOK_SECRET);
    if (weakness && !stillDefault.includes('CRM_WEBHOOK_SECRET')) {
      throw new ConfigurationError(`CRM_WEBHOOK_SECRET ${weakness}`);
    }
    if (stillDefault.length > 0) {
      throw new ConfigurationError(
        `NODE_ENV=production refuses development default secrets: set ${stillDefault.join(', ')}`,
      );
    }
  }
  return parsed.data;
}

/** The development payload key or codec token, wherever it sits in a list, is still a development default. */
function stillDevelopmentEncryption(env: z.infer<typeof environmentSchema>): string[] {
  const developmentKey = developmentDefaults.PAYLOAD_ENCRYPTION_KEYS.split(':')[1]!;
  const developmentToken = developmentDefaults.CODEC_OPERATOR_TOKENS.split(':')[1]!;
  const found: string[] = [];
  if (
    [...env.PAYLOAD_ENCRYPTION_KEYS.byId.values()].some(
      ({ key }) => key.toString('base64') === developmentKey,
    )
  ) {
    found.push('PAYLOAD_ENCRYPTION_KEYS');
  }
  if (env.CODEC_OPERATOR_TOKENS.some(({ token }) => token === developmentToken))
    found.push('CODEC_OPERATOR_TOKENS');
  return found;
}

const fileCapableVariables: ReadonlySet<string> = new Set(Object.keys(environmentSchema.shape));

/**
 * `NAME_FILE=/run/secrets/name` supplies NAME from a file (Docker and Kubernetes secrets), trailing newline
 * removed. Setting both NAME and NAME_FILE is ambiguous and refused.
 */
function withSecretFiles(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const resolved: NodeJS.ProcessEnv = { ...env };
  for (const [key, path] of Object.entries(env)) {
    if (!key.endsWith('_FILE') || !path) continue;
    const name = key.slice(0, -'_FILE'.length);
    if (!fileCapableVariables.has(name)) continue; // e.g. TF_CLI_CONFIG_FILE belongs to another tool
    if (env[name]) throw new ConfigurationError(`Both ${name} and ${key} are set: keep one`);
    try {
      resolved[name] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new ConfigurationError(`${key}=${path} cannot be read: ${(error as Error).message}`);
    }
  }
  return resolved;
}

/** Temporal's profile file under the variables' names; a variable set in the environment wins over the file. */
function withTemporalProfile(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  try {
    const profile = temporalProfileAsEnvironment(env);
    return Object.keys(profile).length === 0 ? env : { ...profile, ...definedOnly(env) };
  } catch (error) {
    throw new ConfigurationError((error as Error).message);
  }
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== ''),
  );
}

/** The webhook secret of a source: `<SOURCE>_WEBHOOK_SECRET`, e.g. `CRM_WEBHOOK_SECRET` for `crm`. */
export function webhookSecretVariable(source: string): string {
  return `${source.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_WEBHOOK_SECRET`;
}
export const environmentVariableNames: readonly string[] = Object.keys(environmentSchema.shape);
