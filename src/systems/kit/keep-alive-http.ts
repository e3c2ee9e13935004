import http from 'node:http';
import https from 'node:https';

/** What one HTTP round trip answered, its body read in full. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpCall {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Aborts the call, body reading included. */
  signal: AbortSignal;
}

// One pool per protocol for the whole process: every vendor call reuses an open connection. An idle connection
// is dropped after 4 s, before the 5 s after which Node's servers close theirs by default (others wait longer), so
// a call seldom meets a connection the vendor is closing.
const agentOptions = { keepAlive: true, timeout: 4_000, scheduling: 'lifo' } as const;
const transports = {
  'http:': { agent: new http.Agent(agentOptions), request: http.request },
  'https:': { agent: new https.Agent(agentOptions), request: https.request },
};

/**
 * One HTTP request on a kept-alive connection, with node:http rather than `fetch`: the worker sends every vendor
 * call (look-up, write, read-back), and `fetch`'s WHATWG streams and per-request objects were ~11 % of its main
 * thread's CPU in a profile at 20/s; with this client it spent ~6 ms less CPU per record (README, "Benchmarks").
 */
export function sendHttpRequest(url: string, call: HttpCall): Promise<HttpAnswer> {
  const target = new URL(url);
  const transport = transports[target.protocol as keyof typeof transports];
  if (!transport) return Promise.reject(new Error(`unsupported protocol ${target.protocol} in ${url}`));
  const { agent } = transport;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: call.method,
        headers:
          call.body === undefined
            ? call.headers
            : { ...call.headers, 'content-length': Buffer.byteLength(call.body) },
        agent,
        signal: call.signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: headersOf(response.headers),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(call.body);
  });
}

function headersOf(incoming: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}
