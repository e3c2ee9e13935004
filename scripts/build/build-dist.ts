// `npm run build`: the compiled worker, API and CLI in dist/ (plain JavaScript, started by `node` with no tsx) and
// the prebuilt workflow bundle the compiled worker loads instead of bundling src/workflows at every start.
// dist/build-info.json fingerprints the source it was built from: launchers run dist/ only while it matches, and
// fall back to the TypeScript source (through tsx) otherwise.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { build, type Plugin } from 'esbuild';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { distDir, projectRoot, sourceFingerprint } from '../../bin/compiled-build.mjs';
import { compiledEntryPoints, workflowBundleFileName } from '../../src/temporal/compiled-entry-points';
import { loudwireWorkflowBundleOptions } from '../../src/temporal/bundle-options';

const startedAt = Date.now();
// Fingerprint first: a file saved during the build makes the build stale rather than falsely fresh.
const fingerprint = sourceFingerprint();
// Built next to dist/ and swapped in whole, so a process starting meanwhile (or a second build: two stacks
// started at once) never sees half a build.
const outDir = `${distDir}.building-${process.pid}`;
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const entryFiles = new Set(Object.values(compiledEntryPoints).map((entry) => join(projectRoot, entry)));
await build({
  entryPoints: Object.fromEntries(
    Object.entries(compiledEntryPoints).map(([name, entry]) => [name, join(projectRoot, entry)]),
  ),
  outdir: outDir,
  bundle: true,
  // npm packages stay in node_modules (native modules, the Temporal SDK's own files).
  packages: 'external',
  platform: 'node',
  format: 'esm',
  // A dynamic import() becomes its own chunk, loaded when reached: the CLI loads only the command it runs.
  splitting: true,
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [sourceRelativeImportMetaUrl(entryFiles), fileExtensionOnDeepImports()],
});

// Built with the same options (converters, interceptors) the source worker uses when it bundles at start.
const bundle = await bundleWorkflowCode({
  ...loudwireWorkflowBundleOptions,
  logger: new DefaultLogger('WARN'),
});
writeFileSync(join(outDir, workflowBundleFileName), bundle.code);
writeFileSync(
  join(outDir, 'build-info.json'),
  JSON.stringify({ builtAt: new Date().toISOString(), sourceFingerprint: fingerprint }, null, 2),
);
swapIntoPlace(outDir);
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
        // Relative to the final dist/ (same depth as the build folder beside it).
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
  const requireFromProject = createRequire(join(projectRoot, 'package.json'));
  return {
    name: 'file-extension-on-deep-imports',
    setup(esbuild) {
      // A deep import names a file (`lib/proto-utils` → `proto-utils.js`) or a folder (`lib/internal-non-workflow`
      // → its `index.js`): ask Node's resolver which one is there.
      esbuild.onResolve({ filter: /^[^./][^:]*\/lib\/[^.]+$/ }, (args) => {
        const resolved = requireFromProject.resolve(args.path);
        return {
          path: resolved.endsWith('/index.js') ? `${args.path}/index.js` : `${args.path}.js`,
          external: true,
        };
      });
    },
  };
}

/** Replaces dist/ with the finished build; when a concurrent build got there first, its result stands. */
function swapIntoPlace(built: string): void {
  const previous = `${distDir}.previous-${process.pid}`;
  if (existsSync(distDir)) renameSync(distDir, previous);
  try {
    renameSync(built, distDir);
  } catch (error) {
    if (!existsSync(distDir)) throw error;
    rmSync(built, { recursive: true, force: true });
  }
  rmSync(previous, { recursive: true, force: true });
}
