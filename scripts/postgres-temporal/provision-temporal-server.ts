import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

// The Temporal server is not on PyPI or npm; the Go module proxy has its source. This Go toolchain is what the
// server's go.mod asks for; GOTOOLCHAIN makes any Go ≥ 1.21 fetch it from the proxy.
const goToolchain = process.env.LOUDWIRE_GO_TOOLCHAIN ?? 'go1.27.3';
const projectRoot = resolve(import.meta.dirname, '../..');

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  /** The Web UI server (temporalio/ui-server), which `temporal server start-dev` has built in. */
  uiServer: string;
}

/** A set of Go commands built together and cached under one name. */
interface GoTools {
  /** Folder name under tools/ and the cache, e.g. `temporal-server-v1.32.2`. */
  name: string;
  version: string;
  /** Module path@version of each command, and the name its binary gets. */
  commands: { packagePath: string; binary: string }[];
}

/**
 * Makes the Temporal server, its SQL tool and the Web UI server available under tools/, building them once per
 * machine with `go install` (about 5–9 minutes on 2 cores for the server). Builds land in a per-user cache
 * (~/.cache/loudwire, or LOUDWIRE_TOOLS_CACHE) that every clone on the machine shares, and tools/ links to it;
 * both steps are skipped when already done.
 */
export async function provisionTemporalServer(
  serverVersion: string,
  uiVersion: string,
  print: (line: string) => void,
): Promise<TemporalServerBinaries> {
  const server = await provisionGoTools(
    {
      name: `temporal-server-v${serverVersion}`,
      version: serverVersion,
      commands: [
        { packagePath: `go.temporal.io/server/cmd/server@v${serverVersion}`, binary: 'temporal-server' },
        { packagePath: `go.temporal.io/server/cmd/tools/sql@v${serverVersion}`, binary: 'temporal-sql-tool' },
      ],
    },
    print,
  );
  const ui = await provisionGoTools(
    {
      name: `temporal-ui-v${uiVersion}`,
      version: uiVersion,
      commands: [
        {
          packagePath: `github.com/temporalio/ui-server/v2/cmd/server@v${uiVersion}`,
          binary: 'temporal-ui-server',
        },
      ],
    },
    print,
  );
  return {
    server: join(server, 'temporal-server'),
    sqlTool: join(server, 'temporal-sql-tool'),
    uiServer: join(ui, 'temporal-ui-server'),
  };
}

/** Returns the tools/ folder holding the built commands. */
async function provisionGoTools(tools: GoTools, print: (line: string) => void): Promise<string> {
  const toolsDir = join(projectRoot, 'tools', tools.name);
  const cacheDir = join(
    process.env.LOUDWIRE_TOOLS_CACHE ?? join(homedir(), '.cache', 'loudwire'),
    tools.name,
  );
  const complete = (dir: string) =>
    tools.commands.every((command) => reportsVersion(join(dir, command.binary), tools.version));
  if (complete(toolsDir)) return toolsDir;

  if (!complete(cacheDir)) await buildInto(cacheDir, tools, print);
  mkdirSync(join(projectRoot, 'tools'), { recursive: true });
  if (existsSync(toolsDir) || isDanglingLink(toolsDir)) rmSync(toolsDir, { recursive: true, force: true });
  symlinkSync(cacheDir, toolsDir, 'dir');
  print(`${tools.name}: tools/${tools.name} → ${cacheDir}`);
  return toolsDir;
}

function reportsVersion(binary: string, version: string): boolean {
  if (!existsSync(binary)) return false;
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 && result.stdout.includes(version);
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && !existsSync(path);
  } catch {
    return false;
  }
}

async function buildInto(cacheDir: string, tools: GoTools, print: (line: string) => void): Promise<void> {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new Error(
      'Building the Temporal server needs Go (any version ≥ 1.21; GOTOOLCHAIN fetches the rest). ' +
        'Install it (e.g. from go.dev or your package manager) and run this again.',
    );
  }
  const staging = `${cacheDir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  print(`Building ${tools.name} once for this machine (${go.stdout.trim()}, toolchain ${goToolchain}):`);
  print(`  ${tools.commands.map((command) => command.packagePath).join(', ')}`);
  print(`  The server takes about 5–9 minutes on 2 cores; the result is cached in ${cacheDir}.`);
  const startedAt = Date.now();
  const packages = tools.commands.map((command) => command.packagePath);
  const child = spawn('go', ['install', '-v', ...packages], {
    env: { ...process.env, GOTOOLCHAIN: goToolchain, GOBIN: staging },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // `go install -v` names each package as it compiles it: count them for a heartbeat, keep the tail for errors.
  let compiled = 0;
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (!line.trim()) continue;
        if (!line.startsWith('go: ')) compiled += 1;
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    });
  }
  const heartbeat = setInterval(() => {
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    print(`  … ${seconds} s, ${compiled} packages compiled`);
  }, 20_000);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  clearInterval(heartbeat);
  if (code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`go install failed (exit ${code}):\n${tail.join('\n')}`);
  }
  // go install names a binary after its package's folder (server, sql): give each a name that says what it is.
  for (const command of tools.commands) {
    const built = command.packagePath.split('@')[0]!.split('/').pop()!;
    renameSync(join(staging, built), join(staging, command.binary));
  }
  rmSync(cacheDir, { recursive: true, force: true });
  renameSync(staging, cacheDir);
  print(`  built in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
}
