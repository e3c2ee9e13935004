import type { AnyIntegration } from '../integrations/integration';
import { findIntegration, mappedIntegrations } from '../integrations/registry';
import { UsageError } from './usage-error';

/** The integration named on the command line, or a usage error listing the ones that exist. */
export function chooseIntegration(name: string): AnyIntegration {
  const integration = findIntegration(name);
  if (integration) return integration;
  const known = mappedIntegrations()
    .map((candidate) => candidate.name)
    .join(', ');
  throw new UsageError(`unknown integration "${name}"; known integrations: ${known}`);
}

/** Output formats shared by the commands. */
export type OutputFormat = 'text' | 'markdown' | 'json';

/** Checks a `--format` value against the formats a command supports. */
export function chooseFormat<Format extends OutputFormat>(value: string, allowed: readonly Format[]): Format {
  if ((allowed as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`unknown format "${value}"; use one of: ${allowed.join(', ')}`);
}
