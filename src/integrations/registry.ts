import { clientOnboarding } from './client-onboarding';
import type { IntegrationDefinition } from './integration';
import type { MappedIntegration } from './mapped-integration';

/** Every integration Loudwire runs. Adding one is a folder under src/integrations plus one line here. */
const registered: readonly MappedIntegration[] = [clientOnboarding];

export const integrations: readonly IntegrationDefinition[] = registered;

/** The integration with this name, or undefined. */
export function getIntegration(name: string): IntegrationDefinition | undefined {
  return registered.find((integration) => integration.name === name);
}

/** The integration with this name together with its mapping definition (for the CLI and docs), or undefined. */
export function getMappedIntegration(name: string): MappedIntegration | undefined {
  return registered.find((integration) => integration.name === name);
}

/** Every integration with its mapping definition, in registration order. */
export function mappedIntegrations(): readonly MappedIntegration[] {
  return registered;
}

/** Integrations fed by a source system (`crm`), in registration order. */
export function integrationsForSource(source: string): IntegrationDefinition[] {
  return registered.filter((integration) => integration.source === source);
}
