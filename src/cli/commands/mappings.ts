import type { Command } from 'commander';
import { mappedIntegrations } from '../../integrations/registry';
import { renderIntegrationDocs } from '../../integrations/render-integration-docs';
import { mappingTableJson } from '../../mapping/render-mapping-docs';
import { chooseFormat, chooseIntegration } from '../choose-integration';

interface MappingsOptions {
  integration?: string;
  format: string;
}

/** Registers `loudwire mappings`: prints the field mapping table of one or every integration. */
export function registerMappingsCommand(program: Command): void {
  program
    .command('mappings')
    .description(
      'Print the mapping table: source field, canonical field, target field, type, transform, constraints and policy.',
    )
    .option('-i, --integration <name>', 'only this integration (default: all)')
    .option('-f, --format <format>', 'markdown or json', 'markdown')
    .action((options: MappingsOptions) => {
      const format = chooseFormat(options.format, ['markdown', 'json'] as const);
      const selected = options.integration ? [chooseIntegration(options.integration)] : mappedIntegrations();
      if (format === 'json') {
        const tables = selected.map((integration) => mappingTableJson(integration.mapping));
        process.stdout.write(`${JSON.stringify(options.integration ? tables[0] : tables, null, 2)}\n`);
        return;
      }
      process.stdout.write(selected.map((integration) => renderIntegrationDocs(integration)).join('\n'));
    });
}
