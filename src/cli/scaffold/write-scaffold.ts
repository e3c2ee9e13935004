import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../usage-error';

/** Writes new files under `root`, refusing to overwrite any. Returns the paths written. */
export async function writeNewFiles(root: string, files: Record<string, string>): Promise<string[]> {
  for (const path of Object.keys(files)) {
    const exists = await access(join(root, path)).then(
      () => true,
      () => false,
    );
    if (exists) throw new UsageError(`${path} already exists: choose another name`);
  }
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return Object.keys(files);
}

/** Formats files with the repository's Prettier settings, so `npm run lint` stays green after a scaffold. */
export async function formatFiles(root: string, paths: readonly string[]): Promise<void> {
  const prettier = await import('prettier').catch(() => undefined);
  if (!prettier) return;
  for (const path of paths) {
    const file = join(root, path);
    const info = await prettier.getFileInfo(file, { ignorePath: join(root, '.prettierignore') });
    if (info.ignored || !info.inferredParser) continue; // .env.example, generated mapping docs
    const options = (await prettier.resolveConfig(file)) ?? {};
    const text = await readFile(file, 'utf8');
    await writeFile(file, await prettier.format(text, { ...options, filepath: file }));
  }
}
