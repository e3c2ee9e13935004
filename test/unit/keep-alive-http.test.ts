import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendHttpRequest } from '../../src/systems/kit/keep-alive-http';

// The vendor HTTP client under every connector (src/systems/kit/keep-alive-http.ts): connections are reused,
// a body is sent with its length, an abort or a connection cut mid-body rejects instead of hanging.

let server: Server;
let baseUrl: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.url === '/stall') return; // never answers
      if (request.url === '/cut') {
        response.writeHead(200, { 'content-length': '100' });
        response.write('{"partial":');
        setTimeout(() => request.socket.destroy(), 20);
        return;
      }
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.setHeader('retry-after', '3');
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ method: request.method, length: request.headers['content-length'], body }),
      );
    });
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const call = (method: string, body?: string, signal = new AbortController().signal) => ({
  method,
  headers: { accept: 'application/json' },
  ...(body === undefined ? {} : { body }),
  signal,
});

describe('sendHttpRequest', () => {
  it('sends the body with its length, returns status, headers and text, and reuses the connection', async () => {
    const before = sockets.size;
    const first = await sendHttpRequest(`${baseUrl}/records`, call('POST', '{"name":"Zoë"}'));
    expect(first.status).toBe(201);
    expect(JSON.parse(first.text)).toEqual({ method: 'POST', length: '15', body: '{"name":"Zoë"}' });
    expect(first.headers.get('retry-after')).toBe('3');
    expect(first.headers.get('set-cookie')).toBe('a=1, b=2');
    const second = await sendHttpRequest(`${baseUrl}/records/1`, call('GET'));
    expect(JSON.parse(second.text)).toMatchObject({ method: 'GET', body: '' });
    expect(sockets.size - before).toBe(1);
  });

  it('rejects when its signal aborts, even with no answer coming', async () => {
    const controller = new AbortController();
    const pending = sendHttpRequest(`${baseUrl}/stall`, call('GET', undefined, controller.signal));
    setTimeout(() => controller.abort(new Error('deadline')), 50);
    await expect(pending).rejects.toThrow();
  });

  it('rejects when the connection is cut mid-body', async () => {
    await expect(sendHttpRequest(`${baseUrl}/cut`, call('GET'))).rejects.toThrow();
  });

  it('names an unsupported protocol', async () => {
    await expect(sendHttpRequest('ftp://example.test/x', call('GET'))).rejects.toThrow(
      /unsupported protocol ftp:/,
    );
  });
});
