import type { LoudwireEnvironment } from '../config/environment';
import type { TargetSystem } from '../integrations/integration';
import type { Logger } from '../logging/logger';
import { createBillingConnector } from './billing/billing-connector';
import { BillingTokenSource } from './billing/billing-token-source';
import { createProjectToolConnector } from './project-tool/project-tool-connector';
import type { TargetConnector } from './target-connector';

/** Every target connector, built from the environment. Adding a target system adds one line here. */
export function createTargetConnectors(
  env: LoudwireEnvironment,
  logger?: Logger,
): Record<TargetSystem, TargetConnector> {
  const timeoutMs = env.TARGET_HTTP_TIMEOUT;
  return {
    'project-tool': createProjectToolConnector(
      { baseUrl: env.PROJECTS_BASE_URL, apiKey: env.PROJECTS_API_KEY, timeoutMs },
      logger?.child({ target: 'project-tool' }),
    ),
    billing: createBillingConnector(
      { baseUrl: env.BILLING_BASE_URL, timeoutMs },
      new BillingTokenSource(
        {
          baseUrl: env.BILLING_BASE_URL,
          clientId: env.BILLING_CLIENT_ID,
          clientSecret: env.BILLING_CLIENT_SECRET,
          timeoutMs,
        },
        logger?.child({ target: 'billing' }),
      ),
      logger?.child({ target: 'billing' }),
    ),
  };
}
