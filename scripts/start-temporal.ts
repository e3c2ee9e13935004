// `npm run start:temporal`: the Temporal dev server alone, as `npm start` runs it — state in a SQLite file that
// survives restarts (--db-filename), write-ahead logging, Loudwire's search attributes and dynamic config. For an
// operator who runs each component on its own (`start:sandboxes`, `start:api`, `start:worker`), and for the chaos
// run, which kills and restarts it. Ctrl-C stops it; starting it again resumes every open record.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startTemporalDevServer } from './dev-stack/temporal-dev-server';

const projectRoot = resolve(import.meta.dirname, '..');
if (existsSync(join(projectRoot, '.env'))) process.loadEnvFile(join(projectRoot, '.env'));
const dataDir = resolve(process.env.LOUDWIRE_DATA_DIR ?? join(projectRoot, 'data'));
const port = Number(process.env.TEMPORAL_DEV_PORT ?? 7233);
const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? port + 1000);
const dbFile = join(dataDir, 'temporal', 'loudwire.sqlite');
const publicApiUrl = process.env.PUBLIC_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

const server = await startTemporalDevServer({
  dbFile,
  host: '127.0.0.1',
  port,
  uiPort,
  extraArgs: ['--sqlite-pragma', 'journal_mode=wal', '--ui-codec-endpoint', `${publicApiUrl}/codec`],
  onOutput: (line) => process.stdout.write(`[temporal] ${line}\n`),
});
process.stdout.write(
  `Temporal dev server ready: gRPC ${server.address}, Web UI ${server.uiUrl}, state in ${dbFile}\n`,
);
process.send?.({ type: 'ready' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.stop().then(() => process.exit(0)));
}
server.process.once('exit', (code) => {
  process.stdout.write(`Temporal dev server exited (code ${code})\n`);
  process.exit(code ?? 1);
});
