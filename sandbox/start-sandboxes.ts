// The five sandbox vendors in one process. Imported by tests (`startSandboxes`), or run directly
// (`tsx sandbox/start-sandboxes.ts`) to serve them on their default ports until SIGINT/SIGTERM.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { createAccountingSandbox } from './accounting/create-accounting-sandbox';
import { createBillingSandbox } from './billing/create-billing-sandbox';
import { createCrmSandbox } from './crm/create-crm-sandbox';
import { createHelpdeskSandbox } from './helpdesk/create-helpdesk-sandbox';
import { sandboxDefaultDataDir, sandboxDefaultHost } from './kit/dev-defaults';
import { readSandboxEnv } from './kit/sandbox-env';
import type { SandboxInstance } from './kit/sandbox-instance';
import { serveApp, type ServedApp } from './kit/serve-app';
import { createProjectToolSandbox } from './project-tool/create-project-tool-sandbox';

export interface SandboxesOptions {
  /**
   * Folder for the SQLite files (`crm.sqlite`, `project-tool.sqlite`, `billing.sqlite`, `helpdesk.sqlite`,
   * `accounting.sqlite`). @default in-memory
   */
  dataDir?: string;
  /**
   * Ports to listen on; 0 picks a free one. Without `ports`, each vendor listens on its variable (CRM_PORT,
   * PROJECT_TOOL_PORT, BILLING_PORT, HELPDESK_PORT, ACCOUNTING_PORT), else 4001–4005. When `ports` is given, a
   * vendor it leaves out gets a free port: a caller choosing ports (a test) never collides with a fixed one.
   */
  ports?: SandboxPorts;
  /** @default '127.0.0.1' */
  host?: string;
  /** Where the CRM sends webhooks. @default CRM_WEBHOOK_URL, else http://127.0.0.1:3000/webhooks/crm */
  crmWebhookUrl?: string;
  /** Environment to read credentials and defaults from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default BILLING_TOKEN_TTL_SECONDS, else 3600 */
  billingTokenTtlSeconds?: number;
  /** Seconds before each webhook retry. @default CRM_WEBHOOK_RETRY_SCHEDULE, else [2, 10, 60] */
  crmWebhookRetrySchedule?: number[];
  /** Where the helpdesk sends webhooks. @default HELPDESK_WEBHOOK_URL, else http://127.0.0.1:3000/webhooks/helpdesk */
  helpdeskWebhookUrl?: string;
  /** Seconds before each helpdesk webhook retry. @default HELPDESK_WEBHOOK_RETRY_SCHEDULE, else [2, 10, 60] */
  helpdeskWebhookRetrySchedule?: number[];
  /** @default a silent logger */
  logger?: Logger;
}

export interface SandboxPorts {
  crm?: number;
  projectTool?: number;
  billing?: number;
  helpdesk?: number;
  accounting?: number;
}

export interface RunningSandboxes {
  crm: { url: string };
  projectTool: { url: string };
  billing: { url: string };
  helpdesk: { url: string };
  accounting: { url: string };
  close(): Promise<void>;
}

/** Creates and serves the five sandboxes; resolves once all of them are listening. */
export async function startSandboxes(options: SandboxesOptions = {}): Promise<RunningSandboxes> {
  const env = readSandboxEnv(options.env ?? process.env);
  const host = options.host ?? sandboxDefaultHost;
  const logger = options.logger ?? pino({ level: 'silent' });
  const databasePath = (name: string) =>
    options.dataDir ? join(options.dataDir, `${name}.sqlite`) : ':memory:';

  const crm = createCrmSandbox({
    databasePath: databasePath('crm'),
    apiKey: env.crm.apiKey,
    webhookUrl: options.crmWebhookUrl ?? env.crm.webhookUrl,
    webhookSecret: env.crm.webhookSecret,
    webhookRetryScheduleSeconds: options.crmWebhookRetrySchedule ?? env.crm.webhookRetryScheduleSeconds,
    logger,
  });
  const projectTool = createProjectToolSandbox({
    databasePath: databasePath('project-tool'),
    apiKey: env.projectTool.apiKey,
    logger,
  });
  const billing = createBillingSandbox({
    databasePath: databasePath('billing'),
    clientId: env.billing.clientId,
    clientSecret: env.billing.clientSecret,
    tokenTtlSeconds: options.billingTokenTtlSeconds ?? env.billing.tokenTtlSeconds,
    logger,
  });
  const helpdesk = createHelpdeskSandbox({
    databasePath: databasePath('helpdesk'),
    apiKey: env.helpdesk.apiKey,
    webhookUrl: options.helpdeskWebhookUrl ?? env.helpdesk.webhookUrl,
    webhookSecret: env.helpdesk.webhookSecret,
    webhookRetryScheduleSeconds:
      options.helpdeskWebhookRetrySchedule ?? env.helpdesk.webhookRetryScheduleSeconds,
    logger,
  });
  const accounting = createAccountingSandbox({
    databasePath: databasePath('accounting'),
    clientId: env.accounting.clientId,
    clientSecret: env.accounting.clientSecret,
    logger,
  });
  const sandboxes: SandboxInstance<Record<string, unknown[]>>[] = [
    crm,
    projectTool,
    billing,
    helpdesk,
    accounting,
  ];
  const portOf = (vendor: keyof SandboxPorts, fromEnv: number) =>
    options.ports === undefined ? fromEnv : (options.ports[vendor] ?? 0);

  const served: ServedApp[] = [];
  const close = async () => {
    await Promise.all(served.map((server) => server.close()));
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
  };
  try {
    served.push(await serveApp(crm.app, { host, port: portOf('crm', env.crm.port) }));
    served.push(await serveApp(projectTool.app, { host, port: portOf('projectTool', env.projectTool.port) }));
    served.push(await serveApp(billing.app, { host, port: portOf('billing', env.billing.port) }));
    served.push(await serveApp(helpdesk.app, { host, port: portOf('helpdesk', env.helpdesk.port) }));
    served.push(await serveApp(accounting.app, { host, port: portOf('accounting', env.accounting.port) }));
  } catch (error) {
    await close();
    throw error;
  }
  const [crmServer, projectToolServer, billingServer, helpdeskServer, accountingServer] = served as [
    ServedApp,
    ServedApp,
    ServedApp,
    ServedApp,
    ServedApp,
  ];
  return {
    crm: { url: crmServer.url },
    projectTool: { url: projectToolServer.url },
    billing: { url: billingServer.url },
    helpdesk: { url: helpdeskServer.url },
    accounting: { url: accountingServer.url },
    close,
  };
}

async function runFromCommandLine(): Promise<void> {
  const logger = pino({ name: 'sandboxes', level: process.env.SANDBOX_LOG_LEVEL ?? 'info' });
  const dataDir = resolve(process.env.SANDBOX_DATA_DIR || sandboxDefaultDataDir);
  let running: RunningSandboxes;
  try {
    running = await startSandboxes({ dataDir, logger });
  } catch (error) {
    logger.fatal({ err: error }, 'sandboxes failed to start');
    process.exit(1);
  }
  logger.info(
    {
      crm: running.crm.url,
      projectTool: running.projectTool.url,
      billing: running.billing.url,
      helpdesk: running.helpdesk.url,
      accounting: running.accounting.url,
      dataDir,
    },
    'sandboxes ready',
  );
  // `npm start` waits for this over its IPC channel (absent when run by hand).
  process.send?.({ type: 'ready' });
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'sandboxes stopping');
    running.close().then(
      () => {
        logger.info('sandboxes stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'sandboxes did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runFromCommandLine();
}
