import { spawn, type ChildProcess } from 'node:child_process';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves when the process reports `{type: 'ready'}` over IPC; rejects if it exits or times out first. */
  waitUntilReady(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a TypeScript entry point in its own Node process (through tsx), prefixing each output line with the
 * process name so the interleaved output of the stack stays readable. `nodeArgs` replaces `--import tsx`, e.g.
 * for a compiled entry point in dist/.
 */
export function startTypeScriptProcess(
  name: string,
  entryPoint: string,
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
  nodeArgs: readonly string[] = ['--import', 'tsx'],
): ManagedProcess {
  const child = spawn(process.execPath, [...nodeArgs, entryPoint], {
    env,
    // The IPC channel carries the child's readiness message, whatever its log level.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        print(`[${name}] ${line}`);
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    name,
    child,
    waitUntilReady(timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name} not ready after ${timeoutMs} ms`)),
          timeoutMs,
        );
        child.on('message', (message: { type?: string }) => {
          if (message?.type !== 'ready') return;
          clearTimeout(timer);
          resolve();
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited with code ${code} before it was ready`));
        });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
