import { readFile, writeFile } from 'node:fs/promises';
import { UsageError } from '../usage-error';

/**
 * Adds an import after the file's last import and an entry before the closing `]` of the array declared on the
 * line starting with `arrayStart` (a registry). Refuses when the entry is already there.
 */
export async function registerInFile(
  path: string,
  importLine: string,
  arrayStart: string,
  entry: string,
): Promise<void> {
  const text = await readFile(path, 'utf8');
  if (text.includes(importLine)) throw new UsageError(`${path} already registers it (${importLine})`);
  const lines = text.split('\n');
  const lastImport = lines.findLastIndex((line) => line.startsWith('import '));
  lines.splice(lastImport + 1, 0, importLine);
  const start = lines.findIndex((line) => line.startsWith(arrayStart));
  if (start < 0) throw new UsageError(`${path} has no line starting with "${arrayStart}"`);
  const end = lines.findIndex((line, index) => index >= start && line.includes('];'));
  if (lines[end]!.trim() === '];') lines.splice(end, 0, `  ${entry},`);
  else lines[end] = lines[end]!.replace(/,?\s*\];/, `, ${entry}];`).replace('[, ', '[');
  await writeFile(path, lines.join('\n'));
}

/** Adds an import after the file's last import. */
export async function addImport(path: string, importLine: string): Promise<void> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  const lastImport = lines.findLastIndex((line) => line.startsWith('import '));
  lines.splice(lastImport + 1, 0, importLine);
  await writeFile(path, lines.join('\n'));
}

/** Inserts lines right after the first line matching `after` (for interfaces and tables). */
export async function insertAfterLine(path: string, after: RegExp, inserted: string[]): Promise<void> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  const index = lines.findIndex((line) => after.test(line));
  if (index < 0) throw new UsageError(`${path} has no line matching ${after}`);
  lines.splice(index + 1, 0, ...inserted);
  await writeFile(path, lines.join('\n'));
}
