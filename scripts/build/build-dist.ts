// `npm run build`: the compiled worker, API and CLI in dist/ (plain JavaScript, started by `node` with no tsx) and
// the prebuilt workflow bundle the compiled worker loads instead of bundling src/workflows at every start.
// dist/build-info.json fingerprints the source it was built from: launchers run dist/ only while it matches, and
// fall back to the TypeScript source (through tsx) otherwise.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { distDir, projectRoot, sourceFingerprint } from '../../bin/compiled-build.mjs';
import { workflowBundleConverters } from '../../src/encryption/loudwire-data-converter';
import { workflowsPath } from '../../src/temporal/workflows-path';
import { compiledEntryPoints, workflowBundleFileName } from '../../src/temporal/compiled-entry-points';

const startedAt = Date.now();
// Fingerprint first: a file saved during the build makes the build stale rather than falsely fresh.
const fingerprint = sourceFingerprint();
rmSync(distDir, { recursive: true, force: true });
mkdirSync(distDir, { recursive: true });

const entryFiles = new Set(Object.values(compiledEntryPoints).map((entry) => join(projectRoot, entry)));
await build({
  entryPoints: Object.fromEntries(
    Object.entries(compiledEntryPoints).map(([name, entry]) => [name, join(projectRoot, entry)]),
  ),
  outdir: distDir,
  bundle: true,
  // npm packages stay in node_modules (native modules, the Temporal SDK's own files).
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [sourceRelativeImportMetaUrl(entryFiles), fileExtensionOnDeepImports()],
});

// Built with the same converters the source worker passes when it bundles at start.
const bundle = await bundleWorkflowCode({
  workflowsPath,
  ...workflowBundleConverters,
  logger: new DefaultLogger('WARN'),
});
writeFileSync(join(distDir, workflowBundleFileName), bundle.code);
writeFileSync(
  join(distDir, 'build-info.json'),
  JSON.stringify({ builtAt: new Date().toISOString(), sourceFingerprint: fingerprint }, null, 2),
);
process.stdout.write(
  `dist/ built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ` +
    `${Object.keys(compiledEntryPoints)
      .map((name) => `${name}.js`)
      .join(', ')}, ${workflowBundleFileName}\n`,
);

/**
 * Bundled modules that locate files next to themselves (`new URL('./x.ts', import.meta.url)`: the Temporal CLI,
 * payload converters) keep finding them in src/: their `import.meta.url` becomes their source file's URL,
 * expressed relative to the bundle so dist/ still works when the checkout moves. Entry points keep their own
 * (it tells them they are the main module).
 */
function sourceRelativeImportMetaUrl(entries: Set<string>): Plugin {
  return {
    name: 'source-relative-import-meta-url',
    setup(esbuild) {
      esbuild.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
        const contents = readFileSync(args.path, 'utf8');
        if (entries.has(args.path) || !contents.includes('import.meta.url')) return undefined;
        const fromDist = relative(distDir, args.path).split('\\').join('/');
        const sourceUrl = `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`;
        return {
          contents: contents.replaceAll('import.meta.url', sourceUrl),
          loader: 'ts',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

/**
 * Deep imports into packages without an exports map (`@temporalio/common/lib/proto-utils`) resolve under tsx
 * but not under Node's ESM loader, which needs the file's extension: add it.
 */
function fileExtensionOnDeepImports(): Plugin {
  return {
    name: 'file-extension-on-deep-imports',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^[^./][^:]*\/lib\/[^.]+$/ }, (args) => ({
        path: `${args.path}.js`,
        external: true,
      }));
    },
  };
}
