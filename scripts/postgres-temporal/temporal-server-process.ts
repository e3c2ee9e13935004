import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { portIsFree } from '../dev-stack/port-is-free';
import { temporalConfigDir } from './cluster-settings';

/**
 * Temporal's default ports relative to the frontend's 7233; moving the frontend moves them all. Membership ports
 * are stored in a PostgreSQL SMALLINT column (cluster_membership), so they must stay below 32768.
 */
export function temporalPorts(frontend: number): Record<string, number> {
  const highestFrontend = 32767 + 294;
  if (!Number.isInteger(frontend) || frontend < 300 || frontend > highestFrontend) {
    throw new Error(
      `Temporal frontend port ${frontend} is out of range: it must be 300–${highestFrontend}, since the ` +
        'membership ports follow it (frontend − 300 … − 294) and Temporal stores them as a SMALLINT.',
    );
  }
  return {
    FRONTEND_GRPC_PORT: frontend,
    FRONTEND_HTTP_PORT: frontend + 10,
    FRONTEND_MEMBERSHIP_PORT: frontend - 300,
    HISTORY_GRPC_PORT: frontend + 1,
    HISTORY_MEMBERSHIP_PORT: frontend - 299,
    MATCHING_GRPC_PORT: frontend + 2,
    MATCHING_MEMBERSHIP_PORT: frontend - 298,
    WORKER_GRPC_PORT: frontend + 6,
    WORKER_MEMBERSHIP_PORT: frontend - 294,
  };
}

export interface TemporalServerOptions {
  binary: string;
  /** cluster.env plus where PostgreSQL is (POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, POSTGRES_PWD). */
  env: Record<string, string>;
  host: string;
  frontendPort: number;
  /** The server's log (JSON lines) goes here; only fatal errors are also printed. */
  logFile: string;
  print: (line: string) => void;
}

export interface RunningTemporalServer {
  address: string;
  stop(): Promise<void>;
}

/**
 * Runs `temporal-server start` with its built-in config template — the one the temporalio/server image runs —
 * rendered from cluster.env, so this and docker-compose.yml run the same configuration. All services (frontend,
 * history, matching, worker) run in this one process; each can run alone with TEMPORAL_SERVICES.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningTemporalServer> {
  const ports = temporalPorts(options.frontendPort);
  for (const [name, port] of Object.entries(ports)) {
    if (!(await portIsFree(options.host, port))) {
      throw new Error(
        `Port ${port} (${name}) is in use: set LOUDWIRE_TEMPORAL_PORT to move every server port.`,
      );
    }
  }
  mkdirSync(join(options.logFile, '..'), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // A clean environment: the config template reads many variables (DB, LOG_LEVEL, …) that mean other things
  // to Loudwire's own processes.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...options.env,
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
    BIND_ON_IP: options.host,
    DYNAMIC_CONFIG_FILE_PATH: join(temporalConfigDir, 'dynamicconfig.yaml'),
    LOG_LEVEL: process.env.LOUDWIRE_TEMPORAL_LOG_LEVEL ?? 'warn',
    TEMPORAL_SERVICES: process.env.TEMPORAL_SERVICES ?? 'frontend,history,matching,worker',
  };
  const child = spawn(options.binary, ['start'], {
    env,
    // Its own process group: the launcher stops it after Loudwire's processes and before PostgreSQL.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.pipe(log, { end: false });
    stream.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        // Services report transient errors while they find each other at start-up: the log file has them all.
        if (/"level":"(fatal|panic|dpanic)"|^Unable to/.test(line)) options.print(`[temporal] ${line}`);
      }
    });
  }
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const address = `${options.host}:${options.frontendPort}`;
  const deadline = Date.now() + 120_000;
  while (!(await frontendAnswers(address))) {
    const early = await Promise.race([exited, delay(500).then(() => 'running' as const)]);
    if (early !== 'running') {
      throw new Error(
        `temporal-server exited with code ${early} before it was ready (log: ${options.logFile})`,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`Temporal server at ${address} not ready after 120 s (log: ${options.logFile})`);
    }
  }
  return {
    address,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

async function frontendAnswers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1_000 });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
