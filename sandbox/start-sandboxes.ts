// The three sandbox vendors in one process. Imported by tests (`startSandboxes`), or run directly
// (`tsx sandbox/start-sandboxes.ts`) to serve them on their default ports until SIGINT/SIGTERM.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { createBillingSandbox } from './billing/create-billing-sandbox';
import { createCrmSandbox } from './crm/create-crm-sandbox';
import { sandboxDefaultDataDir, sandboxDefaultHost } from './kit/dev-defaults';
import { readSandboxEnv } from './kit/sandbox-env';
import type { SandboxInstance } from './kit/sandbox-instance';
import { serveApp, type ServedApp } from './kit/serve-app';
import { createProjectToolSandbox } from './project-tool/create-project-tool-sandbox';

export interface SandboxesOptions {
  /** Folder for the SQLite files (`crm.sqlite`, `project-tool.sqlite`, `billing.sqlite`). @default in-memory */
  dataDir?: string;
  /** Ports to listen on; 0 picks a free one. @default CRM_PORT/PROJECTS_PORT/BILLING_PORT, else 4001/4002/4003 */
  ports?: { crm?: number; projectTool?: number; billing?: number };
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
  /** @default a silent logger */
  logger?: Logger;
}

export interface RunningSandboxes {
  crm: { url: string };
  projectTool: { url: string };
  billing: { url: string };
  close(): Promise<void>;
}

/** Creates and serves the three sandboxes; resolves once all three are listening. */
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
  const sandboxes: SandboxInstance<Record<string, unknown[]>>[] = [crm, projectTool, billing];

  const served: ServedApp[] = [];
  const close = async () => {
    await Promise.all(served.map((server) => server.close()));
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
  };
  try {
    served.push(await serveApp(crm.app, { host, port: options.ports?.crm ?? env.crm.port }));
    served.push(
      await serveApp(projectTool.app, { host, port: options.ports?.projectTool ?? env.projectTool.port }),
    );
    served.push(await serveApp(billing.app, { host, port: options.ports?.billing ?? env.billing.port }));
  } catch (error) {
    await close();
    throw error;
  }
  const [crmServer, projectToolServer, billingServer] = served as [ServedApp, ServedApp, ServedApp];
  return {
    crm: { url: crmServer.url },
    projectTool: { url: projectToolServer.url },
    billing: { url: billingServer.url },
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
    { crm: running.crm.url, projectTool: running.projectTool.url, billing: running.billing.url, dataDir },
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
