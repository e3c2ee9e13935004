import express, { Router, type Request, type Response } from 'express';
import type { Payload } from '@temporalio/common';
import type { CodecOperator } from '../../config/payload-encryption-settings';
import { EncryptionCodec, PayloadDecryptionError } from '../../encryption/encryption-codec';
import type { PayloadEncryptionKeyring } from '../../encryption/payload-encryption-keys';
import type { Logger } from '../../logging/logger';
import {
  codecSessionCookieName,
  codecSessionCookiePath,
  codecSessionMaxAgeMs,
  createOperatorLookup,
  presentedCodecToken,
} from './codec-operators';
import { renderCodecSessionPage } from './codec-session-page';

export interface CodecRouterOptions {
  keys: PayloadEncryptionKeyring;
  operators: readonly CodecOperator[];
  /** Browser origins (the Web UI's) allowed to call the codec endpoints with credentials. */
  corsOrigins: readonly string[];
  /** An `https:` public URL makes the session cookie `Secure`. */
  publicApiUrl: string;
  logger: Logger;
}

const payloadLimit = '4mb';

/**
 * Temporal's codec server protocol (`POST /codec/encode`, `POST /codec/decode`, `{payloads: [...]}` with base64
 * fields) for the Web UI and the temporal CLI (`--codec-endpoint …/codec --codec-auth 'Bearer <token>'`). Only
 * operators with a token see plaintext; what the codec server encodes is marked as operator-made, so it can
 * never pass for a Loudwire service's message (docs/security.md).
 */
export function createCodecRouter(options: CodecRouterOptions): Router {
  const router = Router();
  const operatorOf = createOperatorLookup(options.operators);
  const codec = new EncryptionCodec(options.keys, 'codec-server');
  const allowedOrigins = new Set(options.corsOrigins);
  const secureCookie = new URL(options.publicApiUrl).protocol === 'https:';

  const allowCors = (request: Request, response: Response) => {
    const origin = request.get('origin');
    if (!origin || !allowedOrigins.has(origin)) return;
    response.set('Access-Control-Allow-Origin', origin);
    response.set('Access-Control-Allow-Credentials', 'true');
    response.set('Vary', 'Origin');
  };

  for (const action of ['encode', 'decode'] as const) {
    const path = `/codec/${action}`;
    router.options(path, (request, response) => {
      allowCors(request, response);
      response.set('Access-Control-Allow-Methods', 'POST');
      response.set(
        'Access-Control-Allow-Headers',
        request.get('access-control-request-headers') ?? 'authorization, content-type, x-namespace',
      );
      response.set('Access-Control-Max-Age', '600');
      response.status(204).end();
    });
    router.post(path, express.json({ limit: payloadLimit }), async (request, response) => {
      allowCors(request, response);
      const operator = operatorOf(presentedCodecToken(request));
      if (!operator) {
        response.status(401).json({
          error: {
            code: 'codec_unauthorized',
            message:
              options.operators.length === 0
                ? 'The codec server has no operator tokens (CODEC_OPERATOR_TOKENS)'
                : 'Send an operator token as "Authorization: Bearer <token>", or sign in at /codec/session',
          },
        });
        return;
      }
      const payloads = parsePayloads(request.body);
      if (!payloads) {
        response.status(400).json({
          error: {
            code: 'invalid_payloads',
            message: 'Expected {"payloads": [{"metadata": {…}, "data": "<base64>"}]}',
          },
        });
        return;
      }
      try {
        const result = action === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
        options.logger.info(
          {
            operator: operator.name,
            action,
            payloads: payloads.length,
            namespace: request.get('x-namespace'),
          },
          'codec server used',
        );
        response.json({ payloads: result.map(toJson) });
      } catch (error) {
        if (!(error instanceof PayloadDecryptionError)) throw error;
        response.status(422).json({ error: { code: 'undecryptable_payload', message: error.message } });
      }
    });
  }

  router.get('/codec/session', (request, response) => {
    const operator = operatorOf(presentedCodecToken(request));
    response.type('html').send(renderCodecSessionPage({ signedInAs: operator?.name }));
  });

  router.post(
    '/codec/session',
    express.urlencoded({ extended: false, limit: '4kb' }),
    (request, response) => {
      const token = typeof request.body?.token === 'string' ? request.body.token.trim() : '';
      const operator = operatorOf(token);
      if (!operator) {
        response
          .status(401)
          .type('html')
          .send(renderCodecSessionPage({ error: 'That token is not a valid operator token.' }));
        return;
      }
      response.cookie(codecSessionCookieName, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookie,
        path: codecSessionCookiePath,
        maxAge: codecSessionMaxAgeMs,
      });
      options.logger.info({ operator: operator.name }, 'codec server session started');
      response.type('html').send(renderCodecSessionPage({ signedInAs: operator.name }));
    },
  );

  return router;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

function parsePayloads(body: unknown): Payload[] | undefined {
  const list = (body as { payloads?: unknown } | undefined)?.payloads;
  if (!Array.isArray(list)) return undefined;
  const payloads: Payload[] = [];
  for (const item of list as JsonPayload[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const metadata: Record<string, Uint8Array> = {};
    for (const [key, value] of Object.entries(item.metadata ?? {})) {
      if (typeof value !== 'string') return undefined;
      metadata[key] = Buffer.from(value, 'base64');
    }
    if (item.data !== undefined && typeof item.data !== 'string') return undefined;
    payloads.push({ metadata, data: Buffer.from(item.data ?? '', 'base64') });
  }
  return payloads;
}

function toJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value).toString('base64'),
      ]),
    ),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}
