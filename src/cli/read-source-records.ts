import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';

/** One entry of a source file: a parsed JSON value, or why it could not be read. */
export type SourceRecordEntry =
  { index: number; line?: number; value: unknown } | { index: number; line?: number; unreadable: string };

/** One line of a source file, decoded, or marked as bytes that are not UTF-8. */
type SourceLine = { lineNumber: number; text: string } | { lineNumber: number; notUtf8: true };

const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16Boms = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];
const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/**
 * Reads a file of source payloads, one entry per record, in order. The file must be UTF-8 (a leading BOM is
 * ignored); a UTF-16 file (recognised by its BOM) is one unreadable entry that says so. Two layouts are accepted:
 * - NDJSON, streamed line by line so files larger than memory work. Lines end with LF, CRLF or CR; blank lines
 *   are skipped; a line that is not valid UTF-8 or not valid JSON (e.g. truncated) is an unreadable entry with
 *   its line number. Bytes that are not UTF-8 are never replaced by U+FFFD: a name would change silently.
 * - a JSON array, recognised when the first non-blank line starts with `[` and either is the only line or is
 *   not complete JSON by itself (a pretty-printed array). It is parsed whole; if that fails, the file is read
 *   as NDJSON after all, so every line is reported with its line number rather than the file as one entry.
 */
export async function* readSourceRecords(path: string): AsyncGenerator<SourceRecordEntry> {
  if (await isUtf16(path)) {
    yield { index: 1, unreadable: 'the file is UTF-16 encoded; convert it to UTF-8' };
    return;
  }
  const lines = readLines(path)[Symbol.asyncIterator]();
  let index = 0;
  let firstRecordLine: SourceLine | undefined;
  try {
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value;
      if (isBlank(line)) continue;
      if (firstRecordLine === undefined && 'text' in line) {
        firstRecordLine = line;
        const startsArray = line.text.trimStart().startsWith('[');
        if (startsArray && !parsesAlone(line.text)) {
          yield* readJsonArray(path);
          return;
        }
        const afterFirst = await nextNonBlank(lines);
        if (afterFirst === undefined && startsArray) {
          yield* readJsonArray(path);
          return;
        }
        index += 1;
        yield parseLine(index, line);
        if (afterFirst === undefined) return;
        index += 1;
        yield parseLine(index, afterFirst);
        continue;
      }
      firstRecordLine ??= line;
      index += 1;
      yield parseLine(index, line);
    }
  } finally {
    await lines.return?.(undefined);
  }
}

/** Reads every line as one NDJSON record; `arrayFailure` says why the file was not read as a JSON array. */
async function* readEveryLine(path: string, arrayFailure: string): AsyncGenerator<SourceRecordEntry> {
  let index = 0;
  for await (const line of readLines(path)) {
    if (isBlank(line)) continue;
    index += 1;
    const entry = parseLine(index, line);
    if (index === 1 && 'unreadable' in entry) {
      yield {
        ...entry,
        unreadable: `${entry.unreadable}; the file is not a valid JSON array either (${arrayFailure})`,
      };
      continue;
    }
    yield entry;
  }
}

function parseLine(index: number, line: SourceLine): SourceRecordEntry {
  if (!('text' in line)) return { index, line: line.lineNumber, unreadable: 'not valid UTF-8' };
  try {
    return { index, line: line.lineNumber, value: JSON.parse(line.text) as unknown };
  } catch (error) {
    return { index, line: line.lineNumber, unreadable: `not valid JSON (${errorMessage(error)})` };
  }
}

function isBlank(line: SourceLine): boolean {
  return 'text' in line && line.text.trim() === '';
}

function parsesAlone(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function nextNonBlank(lines: AsyncIterator<SourceLine>): Promise<SourceLine | undefined> {
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    if (!isBlank(next.value)) return next.value;
  }
  return undefined;
}

async function* readJsonArray(path: string): AsyncGenerator<SourceRecordEntry> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(withoutUtf8Bom(await readFile(path))));
  } catch (error) {
    yield* readEveryLine(path, errorMessage(error));
    return;
  }
  if (!Array.isArray(parsed)) {
    yield { index: 1, unreadable: 'the file is not a JSON array' };
    return;
  }
  for (let i = 0; i < parsed.length; i += 1) yield { index: i + 1, value: parsed[i] as unknown };
}

async function isUtf16(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && utf16Boms.some((bom) => bom.equals(buffer));
  } finally {
    await file.close();
  }
}

/**
 * Streams a file's lines as raw bytes, split at LF, CRLF or CR (as readline does), and decodes each on its own,
 * strictly: an invalid byte sequence marks that line, and only that line, as not UTF-8.
 */
async function* readLines(path: string): AsyncGenerator<SourceLine> {
  let lineNumber = 0;
  let pending: Buffer[] = [];
  let afterCarriageReturn = false;
  const finishLine = (): SourceLine => {
    lineNumber += 1;
    const bytes = Buffer.concat(pending);
    pending = [];
    try {
      const text = decodeUtf8(lineNumber === 1 ? withoutUtf8Bom(bytes) : bytes);
      return { lineNumber, text };
    } catch {
      return { lineNumber, notUtf8: true };
    }
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i];
      if (byte !== lineFeed && byte !== carriageReturn) {
        afterCarriageReturn = false;
        continue;
      }
      if (byte === lineFeed && afterCarriageReturn) {
        // The LF of a CRLF whose CR already ended the line.
        afterCarriageReturn = false;
        start = i + 1;
        continue;
      }
      pending.push(chunk.subarray(start, i));
      yield finishLine();
      afterCarriageReturn = byte === carriageReturn;
      start = i + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.some((bytes) => bytes.length > 0)) yield finishLine();
}

function withoutUtf8Bom(bytes: Buffer): Buffer {
  return bytes.subarray(0, 3).equals(utf8Bom) ? bytes.subarray(3) : bytes;
}

/** Decodes UTF-8 strictly: throws on invalid bytes instead of replacing them with U+FFFD. */
function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

function errorMessage(error: unknown): string {
  if (error instanceof TypeError && /encoded data was not valid/i.test(error.message))
    return 'not valid UTF-8';
  const message = error instanceof Error ? error.message : String(error);
  // V8 quotes a slice of the offending input; with huge lines that slice must not flood the report.
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}
