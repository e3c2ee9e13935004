import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crmPayload } from './crm-payload';

const repoRoot = join(import.meta.dirname, '..', '..');
const fixture = join(repoRoot, 'test', 'fixtures', 'crm-deal-won-payloads.ndjson');
const scratch = mkdtempSync(join(tmpdir(), 'loudwire-dry-run-'));

function loudwire(...args: string[]) {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'loudwire.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function jsonReport(...args: string[]) {
  const run = loudwire('dry-run', '--integration', 'client-onboarding', '--format', 'json', ...args);
  const lines = run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const summary = lines.pop() as { summary: Record<string, number> };
  return { ...run, records: lines as unknown as RecordLine[], summary: summary.summary };
}

interface RecordLine {
  record: number;
  line?: number;
  recordKey?: string;
  status: string;
  reasons: { field: string; code: string }[];
  warnings: { field: string; code: string }[];
  unmappedSourceFields: string[];
  targets?: Record<string, Record<string, unknown>>;
}

function scratchFile(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

/** Expected classification of each fixture line: status, then `field:code` of the reasons or warnings. */
const expectedByLine: Record<number, [string, ...string[]]> = {
  1: ['ok'],
  2: ['ok_with_warnings', 'company.name:shortened'],
  3: ['ok_with_warnings', 'company.name:shortened'],
  4: ['ok'],
  5: ['ok'],
  6: ['ok'],
  7: ['ok'],
  8: ['ok'],
  9: ['ok'],
  10: ['rejected', 'deal.amount:negative_amount'],
  11: ['rejected', 'deal.amount:invalid_amount'],
  12: ['rejected', 'company.country:unknown_country'],
  13: ['ok_with_warnings', 'company.name:invisible_characters_removed'],
  14: ['ok'],
  15: ['ok_with_warnings', 'contact.phone:invalid_phone'],
  16: ['ok_with_warnings', 'contact.email:invalid_email'],
  17: ['rejected', 'deal.title:required'],
  18: ['rejected', 'deal.amount:too_precise'],
  19: ['unreadable', '(record):unreadable'],
  20: ['ok'],
  21: ['ignored', 'type:event_type_not_handled'],
  22: ['ok_with_warnings', 'company.country:ambiguous_country_name'],
  23: ['ok_with_warnings', 'deal.closeDate:invalid_date'],
  24: ['ok'],
  25: ['rejected', 'deal.currency:unknown_currency'],
  26: ['rejected', 'deal.amount:too_precise'],
  27: ['rejected', 'deal.id:required'],
  28: ['ok'],
  29: ['rejected', 'deal.amount:invalid_amount'],
  30: ['rejected', 'company.name:wrong_type'],
  31: ['ok'],
  32: ['rejected', 'company.country:unknown_country'],
  33: ['ok'],
};

describe('loudwire dry-run on the CRM fixture', () => {
  const report = jsonReport(fixture);

  it('exits 1 because some records are rejected', () => {
    expect(report.stderr).toBe('');
    expect(report.code).toBe(1);
  });

  it('classifies every record with the right field and reason', () => {
    expect(report.records.map((record) => record.line)).toEqual(Object.keys(expectedByLine).map(Number));
    for (const record of report.records) {
      const [status, ...problems] = expectedByLine[record.line as number] ?? [];
      const found = [...record.reasons, ...record.warnings].map((p) => `${p.field}:${p.code}`);
      expect({ line: record.line, status: record.status }).toEqual({ line: record.line, status });
      expect(found).toEqual(expect.arrayContaining(problems));
      if (status === 'ok') expect(found).toEqual([]);
    }
  });

  it('normalizes values exactly', () => {
    const byLine = new Map(report.records.map((record) => [record.line, record.targets]));
    expect(byLine.get(4)?.['billing/customers']).toMatchObject({
      country: 'DE',
      currency: 'EUR',
      phone: '+49301234568',
    });
    expect(byLine.get(5)?.['billing/customers']).toMatchObject({ country: 'GB', phone: '+442079460959' });
    expect(byLine.get(6)?.['project-tool/projects']).toMatchObject({ budget_cents: 199_950 });
    expect(byLine.get(7)?.['project-tool/projects']).toMatchObject({ budget_cents: 1000, currency: 'JPY' });
    expect(byLine.get(8)?.['project-tool/projects']).toMatchObject({
      budget_cents: 1_234_567,
      currency: 'KWD',
    });
    expect(byLine.get(14)?.['billing/customers']).toMatchObject({ country: 'IL', name: 'חברת הדוגמה בע״מ' });
    expect(byLine.get(22)?.['billing/customers']).toMatchObject({ country: 'GE' });
    expect(byLine.get(13)?.['billing/customers']).toMatchObject({ name: 'Acme Corp' });
    expect(report.records.find((r) => r.line === 31)?.unmappedSourceFields).toEqual([
      'company.industry',
      'source_meta',
    ]);
  });

  it('ends with totals', () => {
    expect(report.summary).toEqual({
      records: 33,
      ok: 13,
      ok_with_warnings: 7,
      rejected: 11,
      unreadable: 1,
      ignored: 1,
    });
  });

  it('prints a readable text report with fields, reasons and totals', () => {
    const text = loudwire('dry-run', '-i', 'client-onboarding', fixture);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('record 10 (line 10) deal_negative_amount: REJECTED');
    expect(text.stdout).toContain('rejected deal.amount [negative_amount]');
    expect(text.stdout).toContain('record 19 (line 19): UNREADABLE');
    expect(text.stdout.trim().split('\n').at(-1)).toBe(
      '33 records: 13 ok, 7 ok with warnings, 11 rejected, 1 unreadable, 1 ignored',
    );
  });
});

describe('loudwire dry-run inputs', () => {
  it('exits 0 when nothing is rejected, reading a JSON array of envelopes and bare payloads', () => {
    const file = scratchFile(
      'ok.json',
      JSON.stringify([
        crmPayload(),
        { type: 'deal.won', timestamp: '2026-11-26T14:00:00Z', data: crmPayload() },
      ]),
    );
    const report = jsonReport(file);
    expect(report.code).toBe(0);
    expect(report.records.map((record) => record.status)).toEqual(['ok', 'ok']);
  });

  it('reports an invalid JSON array as unreadable instead of crashing', () => {
    const report = jsonReport(scratchFile('broken.json', `[${JSON.stringify(crmPayload())}, {"deal": `));
    expect(report.code).toBe(1);
    expect(report.records).toMatchObject([{ status: 'unreadable' }]);
  });

  it('survives hostile records: deep nesting, huge strings, binary junk, wrong types', () => {
    const hostile = [
      '['.repeat(50_000) + ']'.repeat(50_000),
      JSON.stringify(crmPayload({ company: { name: 'A'.repeat(5_000_000) } })),
      JSON.stringify(crmPayload({ deal: { title: '\u202eevil\u0000\u001b[31m', amount: '1'.repeat(400) } })),
      '\u0000\u0001\ufffd\ufffd',
      'null',
      '"just a string"',
      JSON.stringify({ deal: { id: 'deal_x', amount: { value: 1 } }, company: 'Acme', contact: 7 }),
      JSON.stringify({ ['k'.repeat(100_000)]: 1, ...crmPayload() }),
      '{"deal": {"id": "deal_truncated", "title": "Cut',
    ].join('\n');
    const started = Date.now();
    const report = jsonReport(scratchFile('hostile.ndjson', `${hostile}\n`));
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(report.code).toBe(1);
    expect(report.summary.records).toBe(9);
    expect(report.records.map((record) => record.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'unreadable',
      'rejected',
      'rejected',
      'rejected',
      'ok',
      'unreadable',
    ]);
    expect(report.records[1]?.reasons).toContainEqual(
      expect.objectContaining({ field: 'company.name', code: 'too_long' }),
    );
    expect(report.records[2]?.reasons).toContainEqual(
      expect.objectContaining({ field: 'deal.amount', code: 'invalid_amount' }),
    );
    expect(report.records[7]?.unmappedSourceFields[0]).toHaveLength(65);
  });

  it('streams large NDJSON files', () => {
    const line = JSON.stringify(crmPayload());
    const file = scratchFile('large.ndjson', `${Array.from({ length: 5000 }, () => line).join('\n')}\n`);
    const report = jsonReport(file);
    expect(report.code).toBe(0);
    expect(report.summary).toMatchObject({ records: 5000, ok: 5000 });
  });
});

describe('loudwire dry-run reads bytes strictly', () => {
  const good = JSON.stringify(crmPayload());

  function scratchBytes(name: string, ...parts: (string | Buffer)[]): string {
    const path = join(scratch, name);
    writeFileSync(
      path,
      Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part))),
    );
    return path;
  }

  it('reports a line that is not UTF-8 as unreadable with its line number, instead of inventing U+FFFD', () => {
    const latin1Name = Buffer.from(JSON.stringify(crmPayload({ company: { name: 'Société' } })), 'latin1');
    const report = jsonReport(scratchBytes('latin1.ndjson', good, '\n', latin1Name, '\n', good, '\n'));
    expect(report.code).toBe(1);
    expect(report.records.map((record) => record.status)).toEqual(['ok', 'unreadable', 'ok']);
    expect(report.records[1]).toMatchObject({
      line: 2,
      reasons: [expect.objectContaining({ code: 'unreadable', reason: 'not valid UTF-8' })],
    });
    expect(report.stdout).not.toContain('\ufffd');
  });

  it('ignores a UTF-8 BOM and reads CRLF and CR line endings', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const endings = { 'crlf.ndjson': '\r\n', 'cr.ndjson': '\r', 'lf.ndjson': '\n' };
    for (const [name, ending] of Object.entries(endings)) {
      const report = jsonReport(scratchBytes(name, bom, [good, good, good].join(ending), ending));
      expect(report.code).toBe(0);
      expect(report.records.map((record) => record.line)).toEqual([1, 2, 3]);
    }
  });

  it('reports every line when a first line starting with [ is not the start of a JSON array', () => {
    const file = scratchFile('bracket-first.ndjson', `[{"deal": {"id": "cut"\n${good}\n\n${good}\n`);
    const report = jsonReport(file);
    expect(report.code).toBe(1);
    expect(report.records.map((record) => [record.line, record.status])).toEqual([
      [1, 'unreadable'],
      [2, 'ok'],
      [4, 'ok'],
    ]);
  });

  it('reports a UTF-16 file as one unreadable entry that says to convert it', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${good}\n${good}\n`, 'utf16le')]);
    const report = jsonReport(scratchBytes('utf16.ndjson', utf16));
    expect(report.code).toBe(1);
    expect(report.records).toMatchObject([
      { status: 'unreadable', reasons: [{ reason: 'the file is UTF-16 encoded; convert it to UTF-8' }] },
    ]);
  });
});

describe('loudwire usage errors exit 2 with a clear message', () => {
  it.each([
    [['dry-run', '--integration', 'nope', fixture], 'unknown integration "nope"'],
    [['dry-run', '--integration', 'client-onboarding', join(scratch, 'missing.ndjson')], 'cannot read'],
    [['dry-run', '--integration', 'client-onboarding', scratch], 'is not a file'],
    [['dry-run', fixture], "required option '-i, --integration <name>'"],
    [['dry-run', '-i', 'client-onboarding', '--format', 'xml', fixture], 'unknown format "xml"'],
    [['dry-run', '-i', 'client-onboarding', '--bogus', fixture], "unknown option '--bogus'"],
    [['mappings', '--integration', 'nope'], 'unknown integration'],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('loudwire %j', (args, message) => {
    const run = loudwire(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('prints help and exits 0 with --help', () => {
    const run = loudwire('dry-run', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('envelope');
    expect(run.stdout).toContain('NDJSON');
  });

  it('documents every exit code in --help', () => {
    const run = loudwire('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exit codes:');
    for (const code of ['0', '1', '2', '3']) expect(run.stdout).toMatch(new RegExp(`^  ${code}  \\S`, 'm'));
  });
});

describe('loudwire mappings', () => {
  it('lists every source field and every target field the integration moves', () => {
    const run = loudwire('mappings', '--integration', 'client-onboarding', '--format', 'json');
    expect(run.code).toBe(0);
    const table = JSON.parse(run.stdout) as { fields: { sourceField: string; targetField: string }[] };
    const sources = new Set(table.fields.flatMap((row) => row.sourceField.split(', then ')));
    const targets = new Set(table.fields.map((row) => row.targetField));
    const payload = crmPayload();
    for (const [group, fields] of Object.entries(payload)) {
      for (const field of Object.keys(fields as object)) expect(sources).toContain(`${group}.${field}`);
    }
    for (const field of [
      'name',
      'client',
      'external_id',
      'kickoff_date',
      'budget_cents',
      'currency',
      'owner_email',
      'status',
    ]) {
      expect(targets).toContain(`project-tool/projects.${field}`);
    }
    for (const field of [
      'name',
      'country',
      'currency',
      'email',
      'phone',
      'external_id',
      'metadata.crm_company_id',
      'metadata.crm_contact_id',
      'metadata.full_name',
    ]) {
      expect(targets).toContain(`billing/customers.${field}`);
    }
  });

  it('prints the committed Markdown document', () => {
    const run = loudwire('mappings', '--integration', 'client-onboarding');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(repoRoot, 'docs', 'mappings', 'client-onboarding.md'), 'utf8'));
  });
});
