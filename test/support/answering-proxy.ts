import { createServer, type Server } from 'node:http';

/**
 * An HTTP proxy in front of Loudwire's API that can answer in its place, the way a load balancer's maintenance
 * page or a misrouted URL does: the sender sees 200 and logs the event as delivered, and Loudwire never sees it.
 */
export interface AnsweringProxy {
  url: string;
  /** Where requests are forwarded (set once the API listens). */
  target: string;
  /** While true, requests are answered 200 by the proxy and never forwarded. */
  answerInstead: boolean;
  close(): Promise<void>;
}

export async function startAnsweringProxy(): Promise<AnsweringProxy> {
  const proxy = { target: '', answerInstead: false } as AnsweringProxy;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (proxy.answerInstead) {
        response.writeHead(200, { 'content-type': 'text/plain' }).end('maintenance: accepted');
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          ([name]) => !['host', 'content-length', 'connection'].includes(name),
        ),
      ) as Record<string, string>;
      fetch(new URL(request.url ?? '/', proxy.target), {
        method: request.method,
        headers,
        body: Buffer.concat(chunks),
      })
        .then(async (answer) => {
          response.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'text/plain',
          });
          response.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => response.writeHead(502).end());
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  proxy.close = () => new Promise<void>((done) => server.close(() => done()));
  return proxy;
}
