import type { IntegrationDefinition } from './integration';
import type { AnyMappingDefinition } from '../mapping/mapping-definition';

/**
 * An integration together with the declarative mapping its `map` runs, so the CLI and the documentation
 * generator read the very definition the worker maps with.
 */
export interface MappedIntegration extends IntegrationDefinition {
  mapping: AnyMappingDefinition;
}
