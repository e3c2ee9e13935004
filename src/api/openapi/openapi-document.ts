import { ApprovalProblemCode } from '../approvals/approval-problem';
import { ProblemCode } from '../problem-response';

/**
 * The Loudwire HTTP API as an OpenAPI 3.1 document, served at `/openapi.json`. Written by hand next to the
 * routes; test/api/openapi-document.test.ts checks it against the express app both ways (every route documented,
 * every documented operation served), so the two cannot drift apart unnoticed.
 */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Loudwire API',
      version: '0.1.0',
      description:
        'Webhook intake (signed events become durable Temporal workflows), approvals, the codec server for the ' +
        'Temporal Web UI, probes and metrics. Every error answers `{"error": {"code", "message", "fields"?}}`.',
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'webhooks', description: 'Signed events from source systems' },
      { name: 'approvals', description: 'Decisions on records waiting for a person (docs/approvals.md)' },
      { name: 'approval page', description: 'The same approvals as HTML pages for people' },
      {
        name: 'codec',
        description: 'Payload codec server for the Temporal Web UI and CLI (docs/security.md)',
      },
      { name: 'operations', description: 'Probes, metrics and this document' },
    ],
    paths: {
      '/healthz': {
        get: {
          tags: ['operations'],
          summary: 'Liveness: the process answers',
          operationId: 'healthz',
          responses: { '200': jsonResponse('Alive', { $ref: '#/components/schemas/Status' }) },
        },
      },
      '/readyz': {
        get: {
          tags: ['operations'],
          summary: 'Readiness: Temporal is reachable and the API is not shutting down',
          operationId: 'readyz',
          responses: {
            '200': jsonResponse('Ready', { $ref: '#/components/schemas/Status' }),
            '503': jsonResponse('Temporal unreachable or shutting down', {
              $ref: '#/components/schemas/Status',
            }),
          },
        },
      },
      '/metrics': {
        get: {
          tags: ['operations'],
          summary: 'Prometheus metrics of the API process',
          description:
            'loudwire_events_accepted_total, loudwire_events_refused_total, loudwire_duplicate_events_total, ' +
            'loudwire_records (visibility counts, cached METRICS_VISIBILITY_CACHE) and Node.js process metrics.',
          operationId: 'metrics',
          responses: {
            '200': {
              description: 'Prometheus text exposition format 0.0.4',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/openapi.json': {
        get: {
          tags: ['operations'],
          summary: 'This document',
          operationId: 'openapi',
          responses: { '200': jsonResponse('OpenAPI 3.1 document', { type: 'object' }) },
        },
      },
      '/webhooks/{source}': {
        post: {
          tags: ['webhooks'],
          summary: "Accept one signed event from a source system (the source's own signature scheme)",
          description:
            '202 is sent only once Temporal durably holds the event. A redelivery of an accepted event is ' +
            'accepted again and changes nothing (`duplicate: true` when the API recognises it).',
          operationId: 'acceptWebhook',
          parameters: [
            {
              name: 'source',
              in: 'path',
              required: true,
              description: 'The source system (`crm`, `helpdesk`)',
              schema: { type: 'string' },
            },
          ],
          requestBody: {
            required: true,
            description:
              "The source system's signed event envelope (JSON, UTF-8, WEBHOOK_BODY_LIMIT_BYTES at most)",
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          responses: {
            '202': jsonResponse('Accepted: held durably by Temporal', {
              $ref: '#/components/schemas/WebhookAccepted',
            }),
            '400': problem('Malformed JSON, invalid UTF-8, too deeply nested or an invalid envelope'),
            '401': problem('Missing, stale or invalid signature'),
            '404': problem('No integration listens to this source'),
            '413': problem('Body larger than WEBHOOK_BODY_LIMIT_BYTES'),
            '415': problem('Not application/json, or not UTF-8'),
            '503': problem('Temporal unavailable: retry after the Retry-After header'),
          },
        },
      },
      '/approvals': {
        get: {
          tags: ['approvals'],
          summary: 'Records waiting for a decision the caller may take',
          operationId: 'listApprovals',
          security: [{ approverToken: [] }],
          responses: {
            '200': jsonResponse('Pending approvals', {
              type: 'object',
              properties: { approvals: { type: 'array', items: { type: 'object' } } },
              required: ['approvals'],
            }),
            '401': problem('Missing or invalid approver token'),
          },
        },
      },
      '/approvals/{id}': {
        get: {
          tags: ['approvals'],
          summary: 'One approval: the canonical record, warnings, stages and changes since the last version',
          operationId: 'getApproval',
          security: [{ approverToken: [] }],
          parameters: [approvalIdParameter],
          responses: {
            '200': jsonResponse('The approval', {
              type: 'object',
              properties: { approval: { type: 'object' } },
              required: ['approval'],
            }),
            '401': problem('Missing or invalid approver token'),
            '404': problem('No such approval'),
          },
        },
      },
      '/approvals/{id}/decision': {
        post: {
          tags: ['approvals'],
          summary: 'Approve or reject one record',
          operationId: 'decideApproval',
          security: [{ approverToken: [] }],
          parameters: [approvalIdParameter],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Decision' } } },
          },
          responses: {
            '200': jsonResponse('Decided', { type: 'object' }),
            '400': problem('Not a decision'),
            '401': problem('Missing or invalid approver token'),
            '403': problem('Not in an approving group, or approving their own change'),
            '404': problem('No such approval'),
            '409': problem('Already decided, expired, closed or a newer version is waiting'),
            '413': problem('Body too large'),
          },
        },
      },
      '/ui/login': {
        get: htmlPage('approval page', 'Sign-in page of the approval pages', 'approvalLoginPage'),
        post: htmlForm(
          'approval page',
          'Sign in with an approver token (sets a session cookie)',
          'approvalLogin',
        ),
      },
      '/ui/logout': {
        post: htmlForm('approval page', 'Sign out', 'approvalLogout'),
      },
      '/ui/approvals': {
        get: htmlPage('approval page', 'Pending approvals as a page', 'approvalListPage'),
      },
      '/ui/approvals/{id}': {
        get: {
          ...htmlPage('approval page', 'One approval as a page', 'approvalPage'),
          parameters: [approvalIdParameter],
        },
      },
      '/ui/approvals/{id}/decision': {
        post: {
          ...htmlForm(
            'approval page',
            'Approve or reject from the page (form token checked)',
            'approvalPageDecision',
          ),
          parameters: [approvalIdParameter],
        },
      },
      '/codec/encode': codecOperations('encode'),
      '/codec/decode': codecOperations('decode'),
      '/codec/session': {
        get: htmlPage('codec', 'Codec sign-in page for the Temporal Web UI', 'codecSessionPage'),
        post: htmlForm(
          'codec',
          'Sign in with an operator token (sets a codec session cookie)',
          'codecSignIn',
        ),
      },
    },
    components: {
      securitySchemes: {
        approverToken: { type: 'http', scheme: 'bearer', description: 'An approver token (APPROVER_TOKENS)' },
        operatorToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'A codec operator token (CODEC_OPERATOR_TOKENS), or the /codec/session cookie',
        },
      },
      schemas: {
        Status: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] },
        Problem: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: {
                code: {
                  type: 'string',
                  enum: [...new Set([...Object.values(ProblemCode), ...Object.values(ApprovalProblemCode)])],
                },
                message: { type: 'string' },
                fields: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { path: { type: 'string' }, reason: { type: 'string' } },
                    required: ['path', 'reason'],
                  },
                },
              },
              required: ['code', 'message'],
            },
          },
          required: ['error'],
        },
        WebhookAccepted: {
          type: 'object',
          properties: {
            workflowId: { type: 'string', description: "The record workflow (or the unhandled event's)" },
            workflowIds: {
              type: 'array',
              items: { type: 'string' },
              description: 'When several integrations take it',
            },
            duplicate: { type: 'boolean' },
            ignored: {
              type: 'boolean',
              description: 'No integration handles the event type: kept, not synced',
            },
            reason: { type: 'string' },
          },
          required: ['workflowId', 'duplicate'],
        },
        Decision: {
          type: 'object',
          properties: { decision: { enum: ['approve', 'reject'] }, comment: { type: 'string' } },
          required: ['decision'],
        },
        Payloads: {
          type: 'object',
          properties: {
            payloads: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  metadata: { type: 'object', additionalProperties: { type: 'string' } },
                  data: { type: 'string', contentEncoding: 'base64' },
                },
              },
            },
          },
          required: ['payloads'],
        },
      },
    },
  };
}

const approvalIdParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: "The record workflow's ID",
  schema: { type: 'string' },
};

function jsonResponse(description: string, schema: object) {
  return { description, content: { 'application/json': { schema } } };
}

function problem(description: string) {
  return jsonResponse(description, { $ref: '#/components/schemas/Problem' });
}

function htmlPage(tag: string, summary: string, operationId: string) {
  return {
    tags: [tag],
    summary,
    operationId,
    responses: {
      '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } },
    },
  };
}

function htmlForm(tag: string, summary: string, operationId: string) {
  return {
    ...htmlPage(tag, summary, operationId),
    requestBody: {
      required: true,
      content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } },
    },
  };
}

function codecOperations(action: 'encode' | 'decode') {
  return {
    options: {
      tags: ['codec'],
      summary: `CORS preflight of /codec/${action} (CODEC_CORS_ORIGINS)`,
      operationId: `${action}Preflight`,
      responses: { '204': { description: 'Allowed methods and headers' } },
    },
    post: {
      tags: ['codec'],
      summary: `${action === 'encode' ? 'Encrypt' : 'Decrypt'} Temporal payloads for an operator`,
      operationId: `${action}Payloads`,
      security: [{ operatorToken: [] }],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Payloads' } } },
      },
      responses: {
        '200': jsonResponse('The payloads, ' + (action === 'encode' ? 'encrypted' : 'decrypted'), {
          $ref: '#/components/schemas/Payloads',
        }),
        '400': problem('Not a payload list'),
        '401': problem('No valid operator token'),
        ...(action === 'decode' ? { '422': problem('A payload this key ring cannot decrypt') } : {}),
      },
    },
  };
}
