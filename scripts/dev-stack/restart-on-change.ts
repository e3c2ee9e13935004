import { spawn } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import type { ManagedProcess } from './managed-process';

/** A process `npm run dev` restarts when the code under src/ changes. */
export interface RestartableService {
  name: string;
  start(): ManagedProcess;
  /**
   * Start the new process before stopping the old one, so there is no gap. Right for the worker (two workers on
   * one task queue share the work, and the old one hands its in-flight tasks back as it stops); wrong for the
   * API, which owns a port.
   */
  overlap: boolean;
  readyTimeoutMs: number;
}

export interface SourceWatchOptions {
  projectRoot: string;
  services: RestartableService[];
  print: (line: string) => void;
  /** Changes that settle within this window become one restart (an editor's save-all, a git checkout). */
  debounceMs?: number;
}

export interface WatchedStack {
  /** The running process of each service, by name. */
  current: Map<string, ManagedProcess>;
  stop(): Promise<void>;
}

// Files whose change can change a mapping's generated documentation.
const mappingSource = /^src\/(integrations|systems|mapping|canonical)\//;
// Editors' swap and backup files are not code.
const ignoredFile = /(^|\/)(\.#|#)|(\.swp|\.swx|~|\.tmp)$/;

/**
 * `npm run dev`: starts each service, then restarts the API and the worker whenever a file under src/ changes
 * (Temporal and the sandboxes keep running, so every record and its state stay where they were), and
 * regenerates the mapping docs when a mapping may have changed. A service that fails to start (a syntax error)
 * is reported and tried again on the next change; it does not stop the stack.
 */
export async function startWithRestartOnChange(options: SourceWatchOptions): Promise<WatchedStack> {
  const { projectRoot, services, print } = options;
  const current = new Map<string, ManagedProcess>();
  let stopping = false;

  const launch = async (service: RestartableService): Promise<ManagedProcess | undefined> => {
    const started = service.start();
    started.child.once('exit', (code, signal) => {
      if (stopping || current.get(service.name) !== started) return;
      print(
        `[dev] ${service.name} exited (${signal ?? `code ${code}`}); it restarts on the next change under src/.`,
      );
    });
    try {
      await started.waitUntilReady(service.readyTimeoutMs);
      return started;
    } catch (error) {
      print(`[dev] ${service.name} did not start: ${(error as Error).message}`);
      await started.stop();
      return undefined;
    }
  };

  const initial = await Promise.all(services.map(launch));
  services.forEach((service, index) => {
    const started = initial[index];
    if (started) current.set(service.name, started);
  });
  if (initial.some((started) => !started)) {
    await Promise.all([...current.values()].map((started) => started.stop()));
    throw new Error('the API or the worker did not start (see above)');
  }

  const restart = async (service: RestartableService): Promise<boolean> => {
    const old = current.get(service.name);
    if (!service.overlap) {
      current.delete(service.name);
      await old?.stop();
    }
    const fresh = await launch(service);
    if (fresh) current.set(service.name, fresh);
    if (service.overlap && fresh && old) {
      print(`[dev] the new ${service.name} is ready; stopping the previous one (its lines follow)…`);
      await old.stop();
    }
    return fresh !== undefined;
  };

  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const applyChanges = async () => {
    const changed = [...pending];
    pending = new Set();
    const startedAt = Date.now();
    const shown = changed.length === 1 ? changed[0] : `${changed.length} files`;
    print(`[dev] ${shown} changed: restarting ${services.map((service) => service.name).join(' and ')}…`);
    if (changed.some((path) => mappingSource.test(path))) await regenerateMappingDocs(projectRoot, print);
    const results = await Promise.all(services.map(restart));
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    if (results.every(Boolean))
      print(`[dev] restarted ${services.map((s) => s.name).join(' and ')} in ${seconds} s`);
  };

  const watcher: FSWatcher = watch(join(projectRoot, 'src'), { recursive: true }, (_event, file) => {
    if (stopping || !file) return;
    const path = relative(projectRoot, join(projectRoot, 'src', file.toString()))
      .split('\\')
      .join('/');
    if (ignoredFile.test(path)) return;
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      // One restart at a time: changes during a restart are applied right after it.
      running = running.then(applyChanges, applyChanges);
    }, options.debounceMs ?? 300);
  });

  return {
    current,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      watcher.close();
      await running.catch(() => undefined);
      await Promise.all([...current.values()].map((started) => started.stop()));
    },
  };
}

/** Runs `npm run docs:mappings` (the same script) and reports what it wrote or why it failed. */
function regenerateMappingDocs(projectRoot: string, print: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/write-mapping-docs.ts'], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      const lines = output.trim().split('\n').filter(Boolean);
      if (code === 0)
        print(
          `[dev] mapping docs regenerated: ${lines.map((line) => line.replace(/^wrote /, '')).join(', ')}`,
        );
      else print(`[dev] mapping docs not regenerated (exit ${code}):\n${output.trim()}`);
      resolve();
    });
  });
}
