import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePortBlock } from '../../scripts/postgres-temporal/free-port-block';
import { startPostgresTemporal } from '../../scripts/postgres-temporal/start-postgres-temporal';
import { temporalPorts } from '../../scripts/postgres-temporal/temporal-server-process';

export interface BenchPostgresCluster {
  address: string;
  stop(): Promise<void>;
}

/**
 * A fresh PostgreSQL-backed Temporal cluster (`npm run start:postgres`'s, config/temporal/) on free ports and a
 * throwaway data folder, for `npm run bench -- --server postgres|both`. The server binaries come from
 * ~/.cache/loudwire (built on first use, 5–9 min).
 */
export async function startBenchPostgresCluster(
  print: (line: string) => void,
): Promise<BenchPostgresCluster> {
  const host = '127.0.0.1';
  const dataDir = mkdtempSync(join(tmpdir(), 'loudwire-bench-postgres-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user and must reach its folder inside
  const startedAt = Date.now();
  const cluster = await startPostgresTemporal({
    dataDir,
    host,
    postgresPort: await freePortBlock(host, 22432),
    temporalPort: await freePortBlock(
      host,
      // Below 33061: the membership ports follow the frontend's and Temporal stores them as a SMALLINT.
      29233,
      Object.values(temporalPorts(300)).map((port) => port - 300),
    ),
    databasePassword: 'temporal-bench',
    print: (line) => print(`[postgres] ${line}`),
  });
  print(
    `PostgreSQL-backed Temporal up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s at ${cluster.address}`,
  );
  return {
    address: cluster.address,
    async stop() {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
