import { createHmac } from 'node:crypto';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { developmentDefaults } from '../../src/config/development-defaults';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body, when it is JSON. */
  json?: { error?: { code?: string; message?: string } } & Record<string, unknown>;
}

/**
 * One HTTP request exactly as given: any path (`/webhooks/%ZZ`), repeated headers (an array sends the header
 * twice), any bytes as the body. `fetch` would normalize or refuse most of these.
 */
export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: OutgoingHttpHeaders; body?: Buffer | string },
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers ?? {},
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: RawResponse['json'];
          try {
            json = JSON.parse(text) as RawResponse['json'];
          } catch {
            json = undefined;
          }
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            text,
            ...(json ? { json } : {}),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** A Standard Webhooks signature over exactly these bytes (the `standardwebhooks` package only signs text). */
export function signRawWebhook(
  id: Buffer | string,
  timestamp: string,
  body: Buffer,
  secret = developmentDefaults.CRM_WEBHOOK_SECRET!,
): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const hmac = createHmac('sha256', key)
    .update(typeof id === 'string' ? Buffer.from(id, 'latin1') : id)
    .update(`.${timestamp}.`)
    .update(body)
    .digest('base64');
  return `v1,${hmac}`;
}

/** Headers of a signed webhook whose body is `body`, with `webhook-id` sent as the given bytes. */
export function signedWebhookHeaders(body: Buffer, id: Buffer | string, contentType = 'application/json') {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    'content-type': contentType,
    'webhook-id': typeof id === 'string' ? id : id.toString('latin1'),
    'webhook-timestamp': timestamp,
    'webhook-signature': signRawWebhook(id, timestamp, body),
  };
}
