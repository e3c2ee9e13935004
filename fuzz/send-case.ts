import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { FuzzCase } from './cases/fuzz-case';

/** The answer to one case: an HTTP status, or what happened to the connection instead. */
export interface CaseAnswer {
  status: number | 'closed' | 'timeout' | 'client-error';
  /** `workflowId` of a 202 answer, when it names one. */
  workflowId?: string;
  duplicate?: boolean;
  /** The Retry-After header, when sent. */
  retryAfter?: string;
  /** A few words of the answer, for failure reports. */
  excerpt: string;
}

const answerTimeoutMs = 30_000;
// A few keep-alive sockets, as a vendor's webhook sender would use.
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

export function sendCase(baseUrl: string, fuzzCase: FuzzCase): Promise<CaseAnswer> {
  return fuzzCase.raw ? sendRaw(baseUrl, fuzzCase.raw) : sendRequest(baseUrl, fuzzCase);
}

function sendRequest(baseUrl: string, fuzzCase: FuzzCase): Promise<CaseAnswer> {
  const url = new URL(baseUrl);
  const { method, path, body } = fuzzCase.request!;
  const sendsBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
  // Framed explicitly: node:http sends an OPTIONS or DELETE body unframed, which reads as a second request.
  const headers = sendsBody
    ? { 'content-length': body.length, ...fuzzCase.request!.headers }
    : fuzzCase.request!.headers;
  return new Promise((resolve) => {
    let outgoing: ReturnType<typeof httpRequest>;
    try {
      outgoing = httpRequest({
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers,
        agent: fuzzCase.ownConnection ? false : agent,
      });
    } catch (error) {
      // node:http refused to send it (an invalid header or path): the case never reached the API.
      resolve({ status: 'client-error', excerpt: (error as Error).message.slice(0, 120) });
      return;
    }
    outgoing.setTimeout(answerTimeoutMs, () => {
      outgoing.destroy();
      resolve({ status: 'timeout', excerpt: '' });
    });
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const answer: CaseAnswer = { status: incoming.statusCode ?? 0, excerpt: text.slice(0, 200) };
        const retryAfter = incoming.headers['retry-after'];
        if (typeof retryAfter === 'string') answer.retryAfter = retryAfter;
        if (incoming.statusCode === 202) {
          try {
            const parsed = JSON.parse(text) as { workflowId?: string | null; duplicate?: boolean };
            if (parsed.workflowId) answer.workflowId = parsed.workflowId;
            answer.duplicate = parsed.duplicate === true;
          } catch {
            // a 202 without JSON is reported by the judge
          }
        }
        resolve(answer);
      });
      incoming.on('error', () => resolve({ status: 'closed', excerpt: 'response cut' }));
    });
    outgoing.on('error', (error) => resolve({ status: 'closed', excerpt: error.message.slice(0, 120) }));
    outgoing.end(sendsBody ? body : undefined);
  });
}

function sendRaw(baseUrl: string, bytes: Buffer): Promise<CaseAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    let received = '';
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    const finish = (answer: CaseAnswer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(
      () => finish({ status: 'timeout', excerpt: received.slice(0, 80) }),
      answerTimeoutMs,
    );
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      if (status && received.includes('\r\n\r\n')) {
        finish({ status: Number(status[1]), excerpt: received.slice(0, 80) });
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish({ status: 'closed', excerpt: received.slice(0, 80) }));
  });
}

export function closeSenders(): void {
  agent.destroy();
}
