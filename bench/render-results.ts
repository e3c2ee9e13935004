// `tsx bench/render-results.ts bench/results/<file>.json`: prints a results file's tables again (for the docs).
import { readFileSync } from 'node:fs';
import type { BenchResults } from './report/bench-results';
import { renderTables } from './report/render-tables';

const [path] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: tsx bench/render-results.ts <results.json>\n');
  process.exit(2);
}
process.stdout.write(renderTables(JSON.parse(readFileSync(path, 'utf8')) as BenchResults));
