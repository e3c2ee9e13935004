import { billableHours } from './billable-hours';
import { clientOnboarding } from './client-onboarding';
import { supportEscalation } from './support-escalation';
import type { AnyIntegration, BatchIntegrationDefinition, IntegrationDefinition } from './integration';

/**
 * Every integration Loudwire runs, webhook- and schedule-driven alike. Adding one is a folder under
 * src/integrations plus one line here.
 */
export const allIntegrations: readonly AnyIntegration[] = [
  clientOnboarding,
  billableHours,
  supportEscalation,
];

/** Integrations driven by source webhooks, in registration order. */
export const integrations: readonly IntegrationDefinition[] = allIntegrations.filter(
  (integration): integration is IntegrationDefinition => integration.trigger === 'webhook',
);

/** Integrations driven by schedules, in registration order. */
export const batchIntegrations: readonly BatchIntegrationDefinition[] = allIntegrations.filter(
  (integration): integration is BatchIntegrationDefinition => integration.trigger === 'schedule',
);

/** The webhook-driven integration with this name, or undefined. */
export function getIntegration(name: string): IntegrationDefinition | undefined {
  return integrations.find((integration) => integration.name === name);
}

/** Any integration with this name, or undefined. */
export function findIntegration(name: string): AnyIntegration | undefined {
  return allIntegrations.find((integration) => integration.name === name);
}

/** Every integration with its mapping definition, in registration order (for the CLI and docs). */
export function mappedIntegrations(): readonly AnyIntegration[] {
  return allIntegrations;
}

/** Webhook-driven integrations fed by a source system (`crm`), in registration order. */
export function integrationsForSource(source: string): IntegrationDefinition[] {
  return integrations.filter((integration) => integration.source === source);
}
