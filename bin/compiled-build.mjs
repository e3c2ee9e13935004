// Whether the compiled build in dist/ (`npm run build`) matches the source it was built from. Plain JavaScript so
// the CLI launcher can ask before it loads any TypeScript tooling.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '..');
export const distDir = join(projectRoot, 'dist');

/**
 * A fingerprint of src/: every file's path, size and modification time. Cheap (a few milliseconds for a few
 * hundred files, no file is read), and any edit, checkout or pull changes it.
 */
export function sourceFingerprint(root = projectRoot) {
  const hash = createHash('sha256');
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const stat = statSync(path);
        hash.update(`${relative(root, path)}\0${stat.size}\0${stat.mtimeMs}\n`);
      }
    }
  };
  walk(join(root, 'src'));
  return hash.digest('hex');
}

/**
 * `{ fresh: true }` when dist/ holds a build of the current src/, else `{ fresh: false, reason }` saying why the
 * caller should run from source instead (never built, or built from other source).
 */
export function compiledBuildState(root = projectRoot) {
  const buildInfoPath = join(root, 'dist', 'build-info.json');
  if (!existsSync(buildInfoPath)) return { fresh: false, reason: 'no compiled build (npm run build)' };
  let info;
  try {
    info = JSON.parse(readFileSync(buildInfoPath, 'utf8'));
  } catch {
    return { fresh: false, reason: 'dist/build-info.json is unreadable (npm run build)' };
  }
  if (info.sourceFingerprint !== sourceFingerprint(root)) {
    return { fresh: false, reason: 'src/ changed since the last build (npm run build)' };
  }
  return { fresh: true };
}

/** The compiled entry point `name` (e.g. `worker.js`) when the build is fresh, else undefined. */
export function freshCompiledEntry(name) {
  const entry = join(distDir, name);
  return compiledBuildState().fresh && existsSync(entry) ? entry : undefined;
}
