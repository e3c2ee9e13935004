import type { SandboxInstance } from '../../sandbox/kit/sandbox-instance';
import { serveApp } from '../../sandbox/kit/serve-app';

/** A sandbox served on an ephemeral loopback port, torn down by `close`. */
export interface ServedSandbox<S> {
  sandbox: S;
  url: string;
  close(): Promise<void>;
}

export async function serveForTest<S extends SandboxInstance<Record<string, unknown[]>>>(
  sandbox: S,
): Promise<ServedSandbox<S>> {
  const served = await serveApp(sandbox.app, { host: '127.0.0.1', port: 0 });
  return {
    sandbox,
    url: served.url,
    close: async () => {
      await served.close();
      await sandbox.close();
    },
  };
}

export interface HttpResult {
  status: number;
  headers: Headers;
  // Tests inspect arbitrary vendor JSON; `any` keeps assertions readable.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  timeoutMs?: number;
}

/** One real HTTP request; parses JSON bodies, keeps others as text. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Adds a fault through the control plane and fails the test if the sandbox refuses it. */
export async function addFault(baseUrl: string, fault: Record<string, unknown>): Promise<void> {
  const result = await call(baseUrl, 'POST', '/__sandbox/faults', { json: fault });
  if (result.status !== 201)
    throw new Error(`fault refused: ${result.status} ${JSON.stringify(result.body)}`);
}
