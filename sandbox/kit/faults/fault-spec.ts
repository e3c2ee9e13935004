import { z } from 'zod';
import { fieldIssues, type FieldIssue } from '../validation-issues';
import { FaultKind, isWebhookFaultKind } from './fault-kinds';

/** `"POST /v2/projects"` (method + path prefix) or `"/v2/projects"` (any method). */
const routePattern = /^(?:[A-Za-z]+ )?\/\S*$/;

function faultSpecSchema(allowedKinds: readonly [FaultKind, ...FaultKind[]]) {
  return z
    .strictObject({
      kind: z.enum(allowedKinds),
      count: z.number().int().min(1).optional(),
      rate: z.number().min(0).max(1).optional(),
      route: z.string().regex(routePattern, 'expected "METHOD /path-prefix" or "/path-prefix"').optional(),
      retryAfterSeconds: z.number().int().min(0).optional(),
      delayMs: z.number().int().min(0).max(600_000).optional(),
      requestsPerSecond: z.number().int().min(1).max(10_000).optional(),
    })
    .superRefine((spec, ctx) => {
      if (spec.kind === FaultKind.rateLimit) {
        // A rate limit lasts until cleared and fires only beyond its budget: no count, no probability.
        if (spec.requestsPerSecond === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['requestsPerSecond'],
            message: 'rate_limit needs requestsPerSecond',
          });
        }
        if (spec.count !== undefined || spec.rate !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['count'],
            message: 'rate_limit takes requestsPerSecond, not count or rate',
          });
        }
      } else if (spec.requestsPerSecond !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['requestsPerSecond'], message: 'only applies to rate_limit' });
      } else if ((spec.count === undefined) === (spec.rate === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['count'], message: 'give exactly one of count or rate' });
      }
      if (
        spec.retryAfterSeconds !== undefined &&
        spec.kind !== FaultKind.http429 &&
        spec.kind !== FaultKind.rateLimit
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['retryAfterSeconds'],
          message: 'only applies to http_429 and rate_limit',
        });
      }
      if (spec.delayMs !== undefined && spec.kind !== FaultKind.slow) {
        ctx.addIssue({ code: 'custom', path: ['delayMs'], message: 'only applies to slow' });
      }
      if (spec.route !== undefined && isWebhookFaultKind(spec.kind)) {
        ctx.addIssue({
          code: 'custom',
          path: ['route'],
          message: 'webhook faults apply to outgoing deliveries, not to routes',
        });
      }
    });
}

/** A validated request to inject a fault (the body of `POST /__sandbox/faults`). */
export type FaultSpec = z.infer<ReturnType<typeof faultSpecSchema>>;

export type FaultSpecParse = { ok: true; spec: FaultSpec } | { ok: false; issue: FieldIssue };

/** Validates a fault body against the kinds this vendor supports; on failure names the first bad field. */
export function parseFaultSpec(
  body: unknown,
  allowedKinds: readonly [FaultKind, ...FaultKind[]],
): FaultSpecParse {
  const result = faultSpecSchema(allowedKinds).safeParse(body);
  if (result.success) return { ok: true, spec: result.data };
  const [issue] = fieldIssues(result.error);
  return { ok: false, issue: issue ?? { field: '(body)', message: 'invalid fault' } };
}
