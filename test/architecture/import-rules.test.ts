import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Hub and spoke, enforced: engine code imports no concrete system or integration. Only the registries name them;
 * a system's folder is self-contained (plus the system kit and engine types); an integration's folder may use
 * systems, never another integration.
 */
const root = resolve(import.meta.dirname, '../..');
const src = join(root, 'src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative module an import, export … from, or dynamic import() of the file names, resolved. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^import\s+['"]([^'"]+)['"]/gm),
  ].map((match) => match[1]!);
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => {
      const target = resolve(dirname(file), specifier);
      // A folder import means its index.ts; a file import may omit `.ts`.
      const resolved = existsSync(`${target}.ts`) || target.endsWith('.ts') ? target : join(target, 'index');
      return relative(src, resolved).replaceAll('\\', '/');
    });
}

/** `systems/<name>/…` or `integrations/<name>/…` → that concrete folder; generic files → undefined. */
function concreteFolder(module: string): string | undefined {
  const match = /^(systems|integrations)\/([^/]+)\//.exec(module);
  if (!match) return undefined;
  if (match[1] === 'systems' && match[2] === 'kit') return undefined;
  return `${match[1]}/${match[2]}`;
}

const registries = new Set(['systems/registry.ts', 'integrations/registry.ts']);
const files = sourceFiles(src).map((file) => ({
  file: relative(src, file).replaceAll('\\', '/'),
  imports: importsOf(file),
}));

describe('hub-and-spoke import rules', () => {
  it('finds the source files and their imports (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(100);
    const registry = files.find((entry) => entry.file === 'integrations/registry.ts');
    expect(registry?.imports).toContain('integrations/client-onboarding/index');
  });

  it('engine code imports no concrete system or integration: only the registries name them', () => {
    const offenders = files.flatMap(({ file, imports }) => {
      if (registries.has(file) || concreteFolder(file)) return [];
      return imports.filter((module) => concreteFolder(module)).map((module) => `${file} → ${module}`);
    });
    expect(offenders).toEqual([]);
  });

  it('a system imports no integration and no other system', () => {
    const offenders = files.flatMap(({ file, imports }) => {
      const own = concreteFolder(file);
      if (!own?.startsWith('systems/')) return [];
      return imports
        .filter((module) => {
          const folder = concreteFolder(module);
          return module.startsWith('integrations/') || (folder !== undefined && folder !== own);
        })
        .map((module) => `${file} → ${module}`);
    });
    expect(offenders).toEqual([]);
  });

  it('an integration imports no other integration', () => {
    const offenders = files.flatMap(({ file, imports }) => {
      const own = concreteFolder(file);
      if (!own?.startsWith('integrations/')) return [];
      return imports
        .filter((module) => {
          const folder = concreteFolder(module);
          return folder?.startsWith('integrations/') === true && folder !== own;
        })
        .map((module) => `${file} → ${module}`);
    });
    expect(offenders).toEqual([]);
  });
});
