// Child process: the three target sandboxes of client onboarding (project tool, billing, accounting), in memory, each behind a thin observer that
// tells the benchmark over IPC the moment a record is stored. Observing the write as it is answered costs the
// sandbox nothing extra, where polling `/__sandbox/state` would grow with every record and skew the result.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Express } from 'express';
import { createAccountingSandbox } from '../../sandbox/accounting/create-accounting-sandbox';
import { createBillingSandbox } from '../../sandbox/billing/create-billing-sandbox';
import { createProjectToolSandbox } from '../../sandbox/project-tool/create-project-tool-sandbox';
/** The system a sandbox create route belongs to. */
type TargetSystem = 'project-tool' | 'billing' | 'accounting';
import { preciseNow } from '../measure/precise-clock';
import type { SandboxHostMessage, SandboxRequestStats } from './sandbox-host-messages';

/** Creates are the only writes; a 200 is an idempotent replay of an earlier create. */
const createRoutes: Record<string, TargetSystem> = {
  '/v2/projects': 'project-tool',
  '/v1/customers': 'billing',
  '/api.accounting/v1/Contacts': 'accounting',
};

const stats: SandboxRequestStats = { requests: 0, busyMs: 0, byRoute: {} };

function observe(app: Express) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const startedAt = preciseNow();
    response.once('finish', () => {
      const finishedAt = preciseNow();
      const route = `${request.method} ${routeOf(request.url ?? '')}`;
      stats.requests += 1;
      stats.busyMs += finishedAt - startedAt;
      stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
      const target = request.method === 'POST' ? createRoutes[request.url ?? ''] : undefined;
      const body = (request as IncomingMessage & { body?: { external_id?: unknown; ExternalRef?: unknown } })
        .body;
      // The accounting system names the record's key ExternalRef; the others external_id.
      const externalId = body?.external_id ?? body?.ExternalRef;
      if (target && response.statusCode === 201 && typeof externalId === 'string') {
        send({ type: 'landed', target, externalId, at: finishedAt });
      }
    });
    app(request, response);
  };
}

/** `/v2/projects/prj_123?x=1` → `/v2/projects/:id`, so counts group by route rather than by record. */
function routeOf(url: string): string {
  return url.split('?')[0]!.replace(/\/(prj|cus)_[A-Za-z0-9]+|\/[0-9a-f-]{36}$/, '/:id');
}

function send(message: SandboxHostMessage): void {
  process.send?.(message);
}

function listen(app: Express, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer(observe(app));
    server.keepAliveTimeout = 60_000;
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

const projectTool = createProjectToolSandbox();
const billing = createBillingSandbox();
const accounting = createAccountingSandbox();
await listen(projectTool.app, Number(process.env.PROJECT_TOOL_PORT));
await listen(billing.app, Number(process.env.BILLING_PORT));
await listen(accounting.app, Number(process.env.ACCOUNTING_PORT));
process.on('message', (message: { type?: string }) => {
  if (message?.type === 'stats') send({ type: 'stats', stats });
});
process.once('SIGTERM', () => {
  void Promise.all([projectTool.close(), billing.close(), accounting.close()]).then(() => process.exit(0));
});
send({ type: 'ready' });
