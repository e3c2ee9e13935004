import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { temporalCliPath } from '../../src/temporal/temporal-cli-path';
import { readClusterSettings, temporalConfigDir } from './cluster-settings';
import { startPostgres, type RunningPostgres } from './postgres-server';
import { provisionTemporalServer } from './provision-temporal-server';
import { startTemporalServer, type RunningTemporalServer } from './temporal-server-process';
import { startTemporalUi, type RunningTemporalUi } from './temporal-ui-process';

export interface PostgresTemporalOptions {
  /** Holds `postgres/<major>/` (the cluster) and `temporal-server.log`. */
  dataDir: string;
  host: string;
  postgresPort: number;
  /** The frontend's gRPC port; the other server ports follow it (see temporalPorts). */
  temporalPort: number;
  /** Where the Web UI serves; no Web UI when absent (tests need none). */
  uiPort?: number;
  /** PostgreSQL superuser password (TEMPORAL_DB_PASSWORD). */
  databasePassword: string;
  print: (line: string) => void;
}

export interface RunningPostgresTemporal {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** Stops the Web UI and the Temporal server, then PostgreSQL. */
  stop(): Promise<void>;
}

/**
 * The production-shaped Temporal cluster on this machine: PostgreSQL for persistence and visibility, the
 * Temporal server built from source, both schemas migrated, Loudwire's namespace and search attributes in place.
 * Every step is idempotent, so a restart keeps all data. Settings come from config/temporal/ — the same files
 * docker-compose.yml uses.
 */
export async function startPostgresTemporal(
  options: PostgresTemporalOptions,
): Promise<RunningPostgresTemporal> {
  const { print } = options;
  const settings = readClusterSettings();
  const binaries = await provisionTemporalServer(settings.serverVersion, settings.uiVersion, print);
  const user = 'temporal';
  let postgres: RunningPostgres | undefined;
  let server: RunningTemporalServer | undefined;
  let ui: RunningTemporalUi | undefined;
  const stop = async () => {
    await ui?.stop();
    await server?.stop();
    await postgres?.stop();
  };
  try {
    postgres = await startPostgres({
      dataDir: join(options.dataDir, 'postgres', '15'),
      host: options.host,
      port: options.postgresPort,
      user,
      password: options.databasePassword,
      print,
    });
    print(`PostgreSQL on ${options.host}:${options.postgresPort}; migrating Temporal's schemas…`);
    const databaseEnv = {
      ...settings.env,
      POSTGRES_SEEDS: options.host,
      DB_PORT: String(options.postgresPort),
      POSTGRES_USER: user,
      POSTGRES_PWD: options.databasePassword,
    };
    await runSetupScript('setup-schema.sh', { ...databaseEnv, TEMPORAL_SQL_TOOL: binaries.sqlTool }, print);

    print(`Starting Temporal server ${settings.serverVersion} (${settings.historyShards} history shards)…`);
    server = await startTemporalServer({
      binary: binaries.server,
      env: databaseEnv,
      host: options.host,
      frontendPort: options.temporalPort,
      logFile: join(options.dataDir, 'temporal-server.log'),
      print,
    });
    await runSetupScript(
      'setup-namespace.sh',
      { ...settings.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_CLI: temporalCliPath() },
      print,
    );
    if (options.uiPort !== undefined) {
      ui = await startTemporalUi({
        binary: binaries.uiServer,
        temporalAddress: server.address,
        namespace: settings.namespace,
        host: options.host,
        port: options.uiPort,
        workDir: join(options.dataDir, 'temporal-ui'),
        print,
      });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { address: server.address, namespace: settings.namespace, uiUrl: ui?.url, stop };
}

/** Runs one of config/temporal's setup scripts; prints its summary lines, and everything when it fails. */
async function runSetupScript(
  script: string,
  env: Record<string, string>,
  print: (line: string) => void,
): Promise<void> {
  const child = spawn('sh', [join(temporalConfigDir, script)], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        if (/^(schema|namespace|search attribute): /.test(line)) print(`  ${line}`);
      }
    });
  }
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`config/temporal/${script} failed (exit ${code}):\n${output.join('\n')}`);
}
