import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** One entry of a source file: a parsed JSON value, or why it could not be read. */
export type SourceRecordEntry =
  { index: number; line?: number; value: unknown } | { index: number; line?: number; unreadable: string };

/**
 * Reads a file of source payloads, one entry per record, in order. Two layouts are accepted:
 * - NDJSON, streamed line by line so files larger than memory work: blank lines are skipped, and a line that
 *   is not valid JSON (e.g. truncated) is an unreadable entry with its line number;
 * - a JSON array, recognised when the first non-blank line starts with `[` and either is the only line or is
 *   not complete JSON by itself (a pretty-printed array). It is parsed whole; if it is invalid JSON the file
 *   is one unreadable entry.
 */
export async function* readSourceRecords(path: string): AsyncGenerator<SourceRecordEntry> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })[
    Symbol.asyncIterator
  ]();
  let lineNumber = 0;
  let index = 0;
  let firstRecordLine: string | undefined;
  try {
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      lineNumber += 1;
      const line = lineNumber === 1 ? next.value.replace(/^\ufeff/, '') : next.value;
      if (line.trim() === '') continue;
      if (firstRecordLine === undefined) {
        firstRecordLine = line;
        if (line.trimStart().startsWith('[') && !parsesAlone(line)) {
          yield* readJsonArray(path);
          return;
        }
        const afterFirst = await nextNonBlank(lines, lineNumber);
        if (afterFirst === undefined && line.trimStart().startsWith('[')) {
          yield* readJsonArray(path);
          return;
        }
        index += 1;
        yield parseLine(index, lineNumber, line);
        if (afterFirst === undefined) return;
        lineNumber = afterFirst.lineNumber;
        index += 1;
        yield parseLine(index, lineNumber, afterFirst.line);
        continue;
      }
      index += 1;
      yield parseLine(index, lineNumber, line);
    }
  } finally {
    await lines.return?.();
  }
}

function parseLine(index: number, line: number, text: string): SourceRecordEntry {
  try {
    return { index, line, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { index, line, unreadable: `not valid JSON (${errorMessage(error)})` };
  }
}

function parsesAlone(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function nextNonBlank(
  lines: AsyncIterator<string>,
  afterLine: number,
): Promise<{ line: string; lineNumber: number } | undefined> {
  let lineNumber = afterLine;
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    lineNumber += 1;
    if (next.value.trim() !== '') return { line: next.value, lineNumber };
  }
  return undefined;
}

async function* readJsonArray(path: string): AsyncGenerator<SourceRecordEntry> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readFile(path, 'utf8')).replace(/^\ufeff/, ''));
  } catch (error) {
    yield {
      index: 1,
      unreadable: `the file starts like a JSON array but is not valid JSON (${errorMessage(error)})`,
    };
    return;
  }
  if (!Array.isArray(parsed)) {
    yield { index: 1, unreadable: 'the file is not a JSON array' };
    return;
  }
  for (let i = 0; i < parsed.length; i += 1) yield { index: i + 1, value: parsed[i] as unknown };
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 quotes a slice of the offending input; with huge lines that slice must not flood the report.
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}
