import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import type { AnyMappingDefinition } from '../../mapping/mapping-definition';
import { renderMappingMarkdown } from '../../mapping/render-mapping-docs';
import { integrationFiles } from '../scaffold/integration-templates';
import { scaffoldNames } from '../scaffold/names';
import { addImport, insertAfterLine, registerInFile } from '../scaffold/register-in-file';
import { systemFiles } from '../scaffold/system-templates';
import { formatFiles, writeNewFiles } from '../scaffold/write-scaffold';
import { UsageError } from '../usage-error';

interface RootOption {
  root: string;
}

/** Registers `loudwire new system NAME` and `loudwire new integration NAME`: working skeletons with tests. */
export function registerNewCommand(program: Command): void {
  const command = program
    .command('new')
    .description('Create a working skeleton of a system or an integration.');

  command
    .command('system')
    .description(
      'A spoke under src/systems/NAME (client, a records resource, body schema, definition), its registry line, ' +
        'a test against a stand-in server, and its settings in .env.example and the README.',
    )
    .argument('<name>', 'kebab-case system name, e.g. help-desk (env names become HELP_DESK_*)')
    .option('--root <dir>', 'repository root', '.')
    .action(async (name: string, options: RootOption) => {
      const names = scaffoldNames(name, 'system');
      const root = resolve(options.root);
      const written = await writeNewFiles(root, systemFiles(names));
      await registerInFile(
        join(root, 'src/systems/registry.ts'),
        `import { ${names.camel} } from './${names.kebab}';`,
        'export const systems',
        names.camel,
      );
      const documented = await documentSystemSettings(root, names.constant, names.camel);
      await formatFiles(root, [...written, 'src/systems/registry.ts', ...documented]);
      report(
        [...written, 'src/systems/registry.ts (one line)', ...documented],
        [
          `Adapt ${names.kebab}-client.ts to the vendor's auth and error conventions, records.ts to its resources.`,
          `Add a sandbox under sandbox/${names.kebab} and use it in test/systems/${names.kebab}.test.ts.`,
        ],
      );
    });

  command
    .command('integration')
    .description(
      'A route under src/integrations/NAME (payload, source contract, canonical schema, mapping, identity, ' +
        'definition), its registry lines, its mapping doc and a test.',
    )
    .argument('<name>', 'kebab-case integration name, e.g. ticket-sync')
    .requiredOption('--source <system>', 'source system (a folder under src/systems), e.g. crm')
    .requiredOption('--event <type>', 'event type it acts on, e.g. deal.won')
    .requiredOption('--target <system/resource>', 'target resource, e.g. project-tool/projects')
    .option('--root <dir>', 'repository root', '.')
    .action(async (name: string, options: RootOption & { source: string; event: string; target: string }) => {
      const names = scaffoldNames(name, 'integration');
      if (!/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/.test(options.target)) {
        throw new UsageError(
          `--target "${options.target}" must be <system>/<resource>, e.g. project-tool/projects`,
        );
      }
      if (!/^[a-z][a-z0-9_.-]*$/.test(options.event)) {
        throw new UsageError(`--event "${options.event}" must look like deal.won`);
      }
      scaffoldNames(options.source, 'source system');
      const root = resolve(options.root);
      const written = await writeNewFiles(
        root,
        integrationFiles({ names, source: options.source, event: options.event, target: options.target }),
      );
      await registerInFile(
        join(root, 'src/integrations/registry.ts'),
        `import { ${names.camel} } from './${names.kebab}';`,
        'export const allIntegrations',
        names.camel,
      );
      const schemas = join(root, 'src/canonical/canonical-schemas.ts');
      await addImport(schemas, `import type { Canonical${names.pascal}Record } from './${names.kebab}';`);
      await insertAfterLine(schemas, /^export interface CanonicalSchemas/, [
        `  /** The ${names.kebab} integration's record. */`,
        `  ${names.camel}: Canonical${names.pascal}Record;`,
      ]);
      await formatFiles(root, [
        ...written,
        'src/integrations/registry.ts',
        'src/canonical/canonical-schemas.ts',
      ]);
      const doc = await writeMappingDoc(root, names.kebab, names.camel);
      report(
        [
          ...written,
          'src/integrations/registry.ts (one line)',
          'src/canonical/canonical-schemas.ts (one line)',
          doc,
        ],
        [
          `Map every field the source sends in src/integrations/${names.kebab}/mapping.ts; run npm run docs:mappings.`,
          `Try it: npx loudwire dry-run --integration ${names.kebab} samples.ndjson`,
        ],
      );
    });
}

/** Adds the system's settings to .env.example and the README's environment table (the documentation test). */
async function documentSystemSettings(root: string, constant: string, camel: string): Promise<string[]> {
  const variables: [string, string, string][] = [
    [`${constant}_BASE_URL`, 'http://127.0.0.1:4999', 'API base URL'],
    [`${constant}_API_KEY`, `${camel}_dev_key`, 'API key (Bearer)'],
    [`${constant}_RETRY_MAX_ATTEMPTS`, '8', 'attempts per call'],
    [`${constant}_RETRY_INITIAL_INTERVAL`, '1s', 'first retry delay'],
    [`${constant}_RETRY_BACKOFF`, '2', 'backoff coefficient'],
    [`${constant}_RETRY_MAX_INTERVAL`, '60s', 'longest retry delay'],
  ];
  const changed: string[] = [];
  const envExample = join(root, '.env.example');
  const envText = await readFile(envExample, 'utf8').catch(() => undefined);
  if (envText !== undefined) {
    const block = variables.map(([variable, value]) => `${variable}=${value}`).join('\n');
    await writeFile(
      envExample,
      `${envText.trimEnd()}\n\n# --- System ${constant} (loudwire new system) ---\n${block}\n`,
    );
    changed.push('.env.example');
  }
  const readme = join(root, 'README.md');
  const readmeText = await readFile(readme, 'utf8').catch(() => undefined);
  if (readmeText !== undefined && readmeText.includes('## Environment')) {
    const lines = readmeText.split('\n');
    const header = lines.findIndex(
      (line, index) => index > lines.indexOf('## Environment') && line.startsWith('| ---'),
    );
    lines.splice(
      header + 1,
      0,
      ...variables.map(([variable, value, meaning]) => `| \`${variable}\` | \`${value}\` | ${meaning} |`),
    );
    await writeFile(readme, lines.join('\n'));
    changed.push('README.md');
  }
  return changed;
}

/** Renders the new mapping's doc from the generated definition itself (what `npm run docs:mappings` writes). */
async function writeMappingDoc(root: string, kebab: string, camel: string): Promise<string> {
  // Through tsx: the compiled CLI (dist/cli.js) has no TypeScript loader of its own, and plain import() of a .ts
  // file fails there with ERR_UNKNOWN_FILE_EXTENSION.
  const { tsImport } = await import('tsx/esm/api');
  const module = (await tsImport(
    pathToFileURL(join(root, `src/integrations/${kebab}/mapping.ts`)).href,
    import.meta.url,
  )) as Record<string, AnyMappingDefinition>;
  const path = `docs/mappings/${kebab}.md`;
  await writeNewFiles(root, { [path]: renderMappingMarkdown(module[`${camel}Mapping`]!) });
  return path;
}

function report(paths: readonly string[], next: readonly string[]): void {
  process.stdout.write(`Created and registered:\n${paths.map((path) => `  ${path}`).join('\n')}\n`);
  process.stdout.write(`Next:\n${next.map((line) => `  - ${line}`).join('\n')}\n`);
}
