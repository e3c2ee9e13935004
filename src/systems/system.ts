import type { Logger } from '../logging/logger';
import type { InboundWebhookScheme } from './kit/inbound-webhook-scheme';
import type { TargetResource } from './kit/target-resource';

/**
 * One setting of a system, declared by its spoke and read by the engine under `<SYSTEM>_<NAME>` (e.g.
 * `PROJECT_TOOL_API_KEY` for setting `API_KEY` of system `project-tool`). The engine applies one rule to every
 * system: `NAME_FILE` reads the value from a file, development defaults fill unset values outside production, and
 * `NODE_ENV=production` refuses a secret still equal to its development default (or missing).
 */
export interface SystemSetting {
  /** One line for the README's environment table and error messages. */
  description: string;
  /** A credential: never logged, refused in production while it equals `developmentDefault`. */
  secret?: boolean;
  /** Used outside production when the variable is unset; must be set in production when `secret`. */
  developmentDefault?: string;
  /** Used everywhere when the variable is unset (e.g. a base URL). */
  default?: string;
  /** May stay unset (e.g. a credential's declared expiry date). */
  optional?: boolean;
  /** Checks a value; returns why it is wrong, or undefined. */
  check?: (value: string) => string | undefined;
}

/** A system's resolved settings, by setting name (`API_KEY`); optional ones may be undefined. */
export type SystemSettingValues = Readonly<Record<string, string | undefined>>;

/** What a spoke gets to build its client: its settings and the engine's HTTP timeout and logger. */
export interface SystemContext {
  settings: SystemSettingValues;
  /** Timeout of one HTTP call (TARGET_HTTP_TIMEOUT). */
  timeoutMs: number;
  logger?: Logger;
}

/**
 * A system connected once: one client (auth, token refresh, response classification) shared by every
 * integration, exposed as writable resources, a credential probe, and whatever typed reads the system offers.
 */
export interface SystemConnection {
  /** Writable resources by name (`projects`), each addressed by integrations as `<system>/<resource>`. */
  resources: Readonly<Record<string, TargetResource>>;
  /**
   * Proves the configured credentials work right now (a fresh token, an authenticated read), for the credential
   * health check. Throws a classified TargetFailure when they do not.
   */
  probeCredentials(): Promise<void>;
  /**
   * The system's own log of the webhooks it sent, for systems that keep one: the ledger reconciles it with the
   * events Loudwire accepted (src/ledger/).
   */
  webhookDeliveries?(since: Date): Promise<SourceDelivery[]>;
}

/** One event as the sending system logs its delivery. */
export interface SourceDelivery {
  eventId: string;
  eventType: string;
  /** `delivered`: the receiver answered 2xx; `failed`: the system gave up; `pending`: still retrying. */
  status: 'delivered' | 'failed' | 'pending';
  /** When the system logged the event (ISO 8601). */
  createdAt: string;
  attempts: number;
  /** HTTP status of the latest attempt (null: no response). */
  lastStatus: number | null;
}

/** A connected system, declared once in its folder under src/systems and listed in src/systems/registry.ts. */
export interface SystemDefinition<Connection extends SystemConnection = SystemConnection> {
  /** Stable name: in target keys (`project-tool/projects`), webhook URLs (`/webhooks/crm`) and env names. */
  name: string;
  /** Human name, e.g. `Project tool`. */
  title: string;
  /** Settings by name, read from `<SYSTEM>_<NAME>`. */
  settings: Readonly<Record<string, SystemSetting>>;
  /** The setting holding the credential's declared expiry date (ISO 8601), for the credential health check. */
  credentialExpirySetting?: string;
  /** How the system signs and wraps the webhooks it sends, when it sends any (its secret: `WEBHOOK_SECRET`). */
  webhook?: InboundWebhookScheme;
  /** Builds the system's one client and its resources. Called once per process. */
  connect(context: SystemContext): Connection;
}

/** The env variable of a system's setting: `project-tool` + `API_KEY` → `PROJECT_TOOL_API_KEY`. */
export function systemSettingVariable(system: string, setting: string): string {
  return `${system.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${setting}`;
}

/** The setting every system that sends webhooks declares for its signing secret. */
export const webhookSecretSetting = 'WEBHOOK_SECRET';
