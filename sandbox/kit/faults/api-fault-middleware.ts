import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { apiResponseFaultKinds, FaultKind, type RenderedFaultKind } from './fault-kinds';
import type { ActiveFault, FaultRegistry } from './fault-registry';

/** A fault rendered the way one vendor would answer it. */
export interface FaultResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** How one vendor words each injected failure (its error envelope, its auth error codes). */
export type RenderFault = (kind: RenderedFaultKind, fault: ActiveFault, req: Request) => FaultResponse;

export interface ApiFaultMiddlewareOptions {
  faults: FaultRegistry;
  render: RenderFault;
  logger: Logger;
  /** Aborted when the sandbox closes, so a `slow` response does not outlive it. */
  shutdown: AbortSignal;
  /** Narrows which kinds may fire on a request (billing's token endpoint has no access token to expire). */
  eligibleKinds?: (req: Request) => readonly FaultKind[];
}

const defaultSlowDelayMs = 15_000;
const defaultRetryAfterSeconds = 1;

/**
 * Applies response faults to a vendor's API routes. Mounted after the control plane and before
 * authentication: like a real vendor's gateway, an outage answers before credentials are checked.
 */
export function apiFaultMiddleware(options: ApiFaultMiddlewareOptions): RequestHandler {
  return async (req, res, next) => {
    const kinds = options.eligibleKinds?.(req) ?? apiResponseFaultKinds;
    // baseUrl + path: the full path even when mounted under a prefix, since fault routes name full paths.
    const path = req.baseUrl + req.path;
    const fault = options.faults.takeFirst(kinds, { method: req.method, path });
    if (!fault) {
      next();
      return;
    }
    options.logger.info({ faultId: fault.id, kind: fault.kind, method: req.method, path }, 'fault injected');
    if (fault.kind === FaultKind.slow) {
      // The request is then served normally, late: a client that timed out cannot know whether a write landed.
      try {
        await sleep(fault.delayMs ?? defaultSlowDelayMs, undefined, { signal: options.shutdown });
      } catch {
        res.socket?.destroy();
        return;
      }
      next();
      return;
    }
    if (fault.kind === FaultKind.rateLimit) {
      // Beyond the budget the vendor answers its ordinary 429, saying when the window admits again.
      const retryAfter = fault.retryAfterSeconds ?? options.faults.secondsUntilAdmitted(fault.id);
      const response = options.render(FaultKind.http429, { ...fault, retryAfterSeconds: retryAfter }, req);
      res.setHeader('Retry-After', String(retryAfter));
      for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
      res.status(response.status).json(response.body);
      return;
    }
    const response = options.render(fault.kind as RenderedFaultKind, fault, req);
    if (fault.kind === FaultKind.http429) {
      res.setHeader('Retry-After', String(fault.retryAfterSeconds ?? defaultRetryAfterSeconds));
    }
    for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
    res.status(response.status).json(response.body);
  };
}
