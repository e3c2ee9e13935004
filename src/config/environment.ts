import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { IntegrationSettingsSchema, RetryPolicy } from '../integrations/integration';
import type { TargetKey } from '../systems/kit/target-resource';
import { allIntegrations } from '../integrations/registry';
import { systems } from '../systems/registry';
import { systemSettingVariable, type SystemDefinition, type SystemSettingValues } from '../systems/system';
import { temporalProfileAsEnvironment } from '../temporal/temporal-profile';
import { durationMs, durationMsOrOff } from './duration';
import type { WorkerCpuPriority } from '../temporal/worker-priority';
import { expectedTrafficOverrides } from '../silence/expected-traffic';
import {
  encryptionDevelopmentDefaults,
  payloadEncryptionSettingsSchema,
  stillDevelopmentEncryption,
} from './payload-encryption-settings';
import { temporalClientSettingsSchema } from './temporal-client-settings';
import { observabilitySettingsSchema } from './observability-settings';
import { webhookSecretWeakness } from './webhook-secret-strength';
import {
  readSystemSettings,
  retryPolicyOf,
  retrySettingsShape,
  systemSettingVariables,
} from './system-settings';
import {
  rateLimitDestinations,
  rateLimitSettingsShape,
  rateLimitsOf,
  type DestinationKey,
} from './rate-limit-settings';

const positiveInt = z.coerce.number().int().positive();

const workerCpuPriority = z
  .string()
  .trim()
  .refine((value) => value === 'idle' || (/^\d{1,2}$/.test(value) && Number(value) <= 19), {
    message: 'expected "idle" or a nice value from 0 to 19',
  })
  .transform((value): WorkerCpuPriority => (value === 'idle' ? 'idle' : Number(value)));

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  // Read by the logger itself (src/logging/logger.ts); validated here so a typo stops the service.
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  LOG_COLOR: z.enum(['0', '1']).optional(),

  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  API_HOST: z.string().default('127.0.0.1'),
  // Capped at 1 MiB: an accepted event travels in a signal and a local activity's input, each under Temporal's
  // 2 MB payload limit with room to spare.
  WEBHOOK_BODY_LIMIT_BYTES: positiveInt
    .max(1_048_576, "must be at most 1048576 (1 MiB), so every accepted event fits Temporal's 2 MB payloads")
    .default(262_144),
  /** How long a webhook waits for Temporal before answering 503 + Retry-After (well inside a 5 s sender timeout). */
  WEBHOOK_TEMPORAL_DEADLINE: durationMs.default(2_000),
  /**
   * Webhook events one API process hands to Temporal at once; past it, 503 + Retry-After at once (no queueing).
   * Past about 8, calls only wait inside Temporal: in the bench's overload (dev server, 400/s offered) 8 in flight
   * got 980 events accepted in 10 s at p50 82 ms, 64 got 997 at p50 ~600 ms (Little's law). A Temporal far away
   * (tens of ms per call) needs more in flight for the same rate: raise it (WEBHOOK_LATENCY_TARGET adapts below it).
   */
  WEBHOOK_MAX_IN_FLIGHT: positiveInt.default(8),
  /**
   * Answer time an adaptive in-flight bound aims for: while Temporal answers slower, the bound is lowered (and more
   * events are shed) so accepted ones keep a short answer. `off` (the default) keeps it at WEBHOOK_MAX_IN_FLIGHT:
   * on a Temporal whose answers are slowed by the workers' own writes, a target sheds events it could have taken.
   */
  WEBHOOK_LATENCY_TARGET: durationMsOrOff('off'),
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

  ...observabilitySettingsSchema,

  TARGET_HTTP_TIMEOUT: durationMs.default(10_000),
  VERIFY_WRITES: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),

  ALERT_WEBHOOK_URL: z.string().url().optional(),
  /** How long an event no integration handles is kept (open, replayable). */
  UNHANDLED_EVENT_RETENTION: durationMs.default(30 * 86_400_000),
  /** At most one alert per source and unhandled event type per window. */
  UNHANDLED_EVENT_ALERT_WINDOW: durationMs.default(3_600_000),
  /** How long one alert is retried before its record shows AlertUndelivered (and a new window starts). */
  ALERT_RETRY_WINDOW: durationMs.default(86_400_000),
  CREDENTIAL_CHECK_INTERVAL: durationMs.default(15 * 60_000),
  /** How often the stuck-workflow check asks visibility for workflows whose tasks keep failing. */
  STUCK_WORKFLOW_CHECK_INTERVAL: durationMs.default(30_000),
  CREDENTIAL_EXPIRY_WARNING: durationMs.default(7 * 86_400_000),
  /** How often an open incident (records parked by one cause) sends a digest until it resolves. */
  INCIDENT_DIGEST_INTERVAL: durationMs.default(3_600_000),
  /** How long an incident of warnings (schema drift, target drift) stays open after a record last showed it. */
  INCIDENT_QUIET_WINDOW: durationMs.default(3_600_000),
  /** How often the silence check compares each source's traffic with what its integration expects. */
  SILENCE_CHECK_INTERVAL: durationMs.default(5 * 60_000),
  /** JSON overriding integrations' expected traffic, e.g. `{"client-onboarding": {"within": "2h"}}`. */
  EXPECTED_TRAFFIC: expectedTrafficOverrides.optional(),
  DEDUP_WINDOW: durationMs.default(4 * 86_400_000),
  CONTINUE_AS_NEW_AFTER_EVENTS: positiveInt.default(2_000),
  // About 0.3 MB of worker memory per cached workflow since the workflow modules are shared (bench, issue 17): 100
  // held a worker at 273–283 MB with 10,000 open records, 200 at 302–311 MB. 100 is well above the records in flight
  // at 20/s (rate × end-to-end latency, p99 0.6 s: about 12); an evicted record replays its ~25 events when its
  // next event arrives.
  WORKER_MAX_CACHED_WORKFLOWS: positiveInt.default(100),
  // `on` restores the Web UI's Stack Trace tab (the `__stack_trace` query) for workflows on this worker, at about a
  // sixth of the worker's CPU per record: the SDK then records a source-mapped stack for every promise a workflow
  // creates (patches/README.md). Off, the query answers "Workflow stack traces are not enabled on this worker".
  WORKFLOW_STACK_TRACES: z.enum(['on', 'off']).default('off'),
  // After each full collection a worker's heaps may grow this far past what they hold before the next one (0: V8's
  // own factor, up to 4×). 20 held a worker near 290 MB with 2,000 open records instead of 575–600 MB, at the
  // same CPU per record (src/temporal/worker-heap.ts).
  WORKER_HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(300).default(20),
  // The worker's CPU priority: `idle` (Linux SCHED_IDLE; nice 19 elsewhere) or a nice value (0–19). Where it
  // shares cores with the API and Temporal, webhooks are answered first and records take the rest
  // (src/temporal/worker-priority.ts). 0 leaves the worker as started.
  WORKER_NICE: workerCpuPriority.default('idle'),

  // Approvals (docs/approvals.md). Links in approval alerts point at PUBLIC_API_URL; each integration declares
  // its own approval settings.
  PUBLIC_API_URL: z.string().url().default('http://127.0.0.1:3000'),
  /** JSON `[{token, email, name?, groups}]` (or APPROVER_TOKENS_FILE); unset outside production: dev approvers. */
  APPROVER_TOKENS: z.string().optional(),
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
});

/** The engine's own settings, as parsed. */
export type EngineEnvironment = z.infer<typeof environmentSchema>;

/**
 * The whole parsed environment: the engine's settings, every system's settings (one rule for all, see
 * system-settings.ts) and every integration's own settings.
 */
export type LoudwireEnvironment = EngineEnvironment & {
  /** Settings of each system by system name, then setting name (`systems['project-tool'].API_KEY`). */
  systems: Readonly<Record<string, SystemSettingValues>>;
  /** Retry policy of writes to each system, from `<SYSTEM>_RETRY_*`. */
  systemRetry: Readonly<Record<string, RetryPolicy>>;
  /**
   * Writes per second allowed to each rate-limited destination (a system, or one of its resources), from
   * `<SYSTEM>_RATE_LIMIT_PER_SECOND` / `<SYSTEM>_<RESOURCE>_RATE_LIMIT_PER_SECOND` (src/flow-control/).
   */
  destinationRateLimits: Readonly<Record<DestinationKey, number>>;
  /** Each integration's settings, parsed with the schema it declares, by integration name. */
  integrationSettings: Readonly<Record<string, Record<string, unknown>>>;
};

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** What the environment is read for: the registered systems and integrations (tests may pass others). */
export interface EnvironmentRegistry {
  systems: readonly SystemDefinition[];
  integrations: readonly {
    name: string;
    settings?: IntegrationSettingsSchema;
    /** The target resources it writes, each of which may carry its own rate limit. */
    targets?: readonly TargetKey[];
  }[];
}

const registered: EnvironmentRegistry = { systems, integrations: allIntegrations };

/**
 * Parses the environment once at start-up. Outside production, unset secrets fall back to the development
 * defaults the systems declare (the same values as `.env.example` and the sandboxes); in production a missing
 * secret, or a secret still equal to its development default, stops the process with a message naming the
 * variable.
 */
export function loadEnvironment(
  rawEnv: NodeJS.ProcessEnv = process.env,
  registry: EnvironmentRegistry = registered,
): LoudwireEnvironment {
  const schema = fullSchema(registry);
  const env = withTemporalProfile(withSecretFiles(rawEnv, fileCapableVariables(schema, registry.systems)));
  const isProduction = env.NODE_ENV === 'production';
  const given = { ...(isProduction ? {} : encryptionDevelopmentDefaults), ...definedOnly(env) };
  const parsed = schema.safeParse(given);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const systemSettings = readSystemSettings(registry.systems, given, isProduction);
  problems.push(...systemSettings.problems);
  if (!parsed.success || problems.length > 0) {
    throw new ConfigurationError(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  const stillDefault = [...systemSettings.stillDefault];
  if (isProduction) stillDefault.push(...stillDevelopmentEncryption(parsed.data as EngineEnvironment));
  if (stillDefault.length > 0) {
    throw new ConfigurationError(
      `NODE_ENV=production refuses development default secrets: set ${stillDefault.join(', ')}`,
    );
  }
  if (isProduction) {
    const weak = weakWebhookSecrets(registry.systems, systemSettings.values);
    if (weak.length > 0) throw new ConfigurationError(weak.join('\n'));
  }
  const flat = parsed.data as Record<string, unknown>;
  return {
    ...(parsed.data as EngineEnvironment),
    systems: systemSettings.values,
    systemRetry: Object.fromEntries(
      registry.systems.map((system) => [system.name, retryPolicyOf(flat, system.name)]),
    ),
    destinationRateLimits: rateLimitsOf(flat, destinationsOf(registry)),
    integrationSettings: Object.fromEntries(
      registry.integrations.map((integration) => [
        integration.name,
        Object.fromEntries(Object.keys(integration.settings?.shape ?? {}).map((key) => [key, flat[key]])),
      ]),
    ),
  };
}

/** The engine's schema, every system's retry settings and every integration's settings, as one object schema. */
function fullSchema(registry: EnvironmentRegistry) {
  const shape: Record<string, z.core.$ZodType> = { ...environmentSchema.shape };
  for (const system of registry.systems) Object.assign(shape, retrySettingsShape(system.name));
  Object.assign(shape, rateLimitSettingsShape(destinationsOf(registry)));
  for (const integration of registry.integrations) {
    for (const [key, field] of Object.entries(integration.settings?.shape ?? {})) {
      if (key in shape) {
        throw new ConfigurationError(
          `${integration.name} declares ${key}, which another part already declares`,
        );
      }
      shape[key] = field;
    }
  }
  return z.object(shape);
}

function destinationsOf(registry: EnvironmentRegistry) {
  return rateLimitDestinations(
    registry.systems.map((system) => system.name),
    registry.integrations.flatMap((integration) => integration.targets ?? []),
  );
}

function fileCapableVariables(schema: z.ZodObject<z.ZodRawShape>, systemList: readonly SystemDefinition[]) {
  return new Set([...Object.keys(schema.shape), ...systemSettingVariables(systemList)]);
}

/**
 * `NAME_FILE=/run/secrets/name` supplies NAME from a file (Docker and Kubernetes secrets), trailing newline
 * removed. Setting both NAME and NAME_FILE is ambiguous and refused.
 */
function withSecretFiles(env: NodeJS.ProcessEnv, fileCapable: ReadonlySet<string>): NodeJS.ProcessEnv {
  const resolved: NodeJS.ProcessEnv = { ...env };
  for (const [key, path] of Object.entries(env)) {
    if (!key.endsWith('_FILE') || !path) continue;
    const name = key.slice(0, -'_FILE'.length);
    if (!fileCapable.has(name)) continue; // e.g. TF_CLI_CONFIG_FILE belongs to another tool
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

/** Production takes no webhook secret under 24 random bytes, whatever the system's scheme. */
function weakWebhookSecrets(
  systemList: readonly SystemDefinition[],
  values: Record<string, SystemSettingValues>,
): string[] {
  return systemList.flatMap((system) => {
    const variable = systemSettingVariable(system.name, 'WEBHOOK_SECRET');
    const secret = values[system.name]?.WEBHOOK_SECRET;
    if (!system.webhook || !secret) return [];
    const weakness = webhookSecretWeakness(secret);
    return weakness ? [`${variable} ${weakness}`] : [];
  });
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}

/** Every variable Loudwire reads: the engine's, each system's and each integration's (for documentation checks). */
export const environmentVariableNames: readonly string[] = [
  ...Object.keys(fullSchema(registered).shape),
  ...systemSettingVariables(registered.systems),
];
