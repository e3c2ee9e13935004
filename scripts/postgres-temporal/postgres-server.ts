import { spawn, spawnSync } from 'node:child_process';
import {
  chownSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { portIsFree } from '../dev-stack/port-is-free';
import { isPortOpen } from '../dev-stack/temporal-dev-server';

export interface PostgresOptions {
  /** The cluster's data directory; created with `initdb` on first start, reused after. */
  dataDir: string;
  host: string;
  port: number;
  /** The superuser `initdb` creates; Temporal's SQL tool creates its databases as this user. */
  user: string;
  password: string;
  print: (line: string) => void;
}

export interface RunningPostgres {
  stop(): Promise<void>;
}

/**
 * Runs a PostgreSQL cluster of its own from Debian's server binaries (installed with apt-get when missing and
 * allowed), listening on one loopback address and port only, with password (SCRAM) authentication. As root, the
 * cluster runs as the `postgres` system user, since PostgreSQL refuses to run as root.
 */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const { dataDir, host, port, print } = options;
  const binDir = postgresBinDir() ?? installPostgres(print);
  const owner = clusterOwner();
  if (!(await portIsFree(host, port))) {
    throw new Error(`Port ${port} on ${host} is already in use: set LOUDWIRE_POSTGRES_PORT to another port.`);
  }
  // Parents stay traversable for the cluster's owner; the cluster's own folder is private to it.
  mkdirSync(dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (owner) chownSync(dataDir, owner.uid, owner.gid);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    print(`Creating a PostgreSQL cluster in ${dataDir}…`);
    // The password goes through a file readable by the cluster's owner only, never through argv.
    const passwordFile = join(dirname(dataDir), `.pgpass-init-${process.pid}`);
    writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
    if (owner) chownSync(passwordFile, owner.uid, owner.gid);
    try {
      const initdb = spawnSync(
        join(binDir, 'initdb'),
        [
          '--pgdata',
          dataDir,
          '--username',
          options.user,
          `--pwfile=${passwordFile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C',
        ],
        { encoding: 'utf8', ...(owner ?? {}) },
      );
      if (initdb.status !== 0) throw new Error(`initdb failed:\n${initdb.stdout}${initdb.stderr}`);
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }

  const child = spawn(
    join(binDir, 'postgres'),
    [
      '-D',
      dataDir,
      '-c',
      `listen_addresses=${host}`,
      '-c',
      `port=${port}`,
      // TCP on loopback only: no Unix socket in a shared directory.
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    // Its own process group: Ctrl-C reaches the launcher, which stops Temporal before its database.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(owner ?? {}) },
  );
  const log = createWriteStream(join(dirname(dataDir), 'postgres.log'), { flags: 'a' });
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.pipe(log, { end: false });
    stream.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        // Statement errors are expected (the idempotent setup creates what may exist) and go to postgres.log
        // only; the server's own failures show, with the bind error that explains "could not create any TCP/IP
        // sockets".
        if (/\b(FATAL|PANIC)\b|could not bind/.test(line)) print(`[postgres] ${line}`);
      }
    });
  }
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const deadline = Date.now() + 60_000;
  while (!(await isPortOpen(host, port))) {
    const early = await Promise.race([exited, delay(200).then(() => 'running' as const)]);
    if (early !== 'running') throw new Error(`PostgreSQL exited with code ${early} before it was ready`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`PostgreSQL on ${host}:${port} not ready after 60 s`);
    }
  }
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT'); // "fast" shutdown: ends sessions, checkpoints, exits
      const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}

/** The newest Debian PostgreSQL server binaries, or PG_BIN_DIR. */
function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

function installPostgres(print: (line: string) => void): string {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'PostgreSQL server binaries not found. Install Debian\'s "postgresql" package ' +
        '(sudo apt-get install postgresql) or set PG_BIN_DIR to a folder with postgres and initdb.',
    );
  }
  print('Installing PostgreSQL (apt-get install postgresql)…');
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (!install()) throw new Error('apt-get install postgresql failed (see above)');
  }
  const binDir = postgresBinDir();
  if (!binDir)
    throw new Error('apt-get installed postgresql, but no server binaries are in /usr/lib/postgresql');
  return binDir;
}

/** As root: the `postgres` system user (Debian's package creates it). Otherwise the current user runs it. */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('Running as root, but there is no "postgres" user to run PostgreSQL as.');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
