import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { FaultKind } from './faults/fault-kinds';
import type { FaultRegistry } from './faults/fault-registry';
import { parseFaultSpec } from './faults/fault-spec';
import { loopbackOnly } from './loopback';

export interface ControlPlaneOptions {
  faults: FaultRegistry;
  /** The fault kinds this vendor understands; any other kind is refused with 400. */
  faultKinds: readonly [FaultKind, ...FaultKind[]];
  /** Every stored record, keyed by collection. */
  snapshot: () => Record<string, unknown[]>;
  /** Wipes storage (and reseeds, for vendors with demo data). Faults are cleared by the control plane. */
  reset: () => void;
  logger: Logger;
  /** Vendor-specific control routes (e.g. the project tool's bulk time-entry generator), under `/__sandbox`. */
  routes?: Router;
}

/**
 * `/__sandbox/*`: what tests and operators use to inspect, reset and break a sandbox. Loopback only and
 * never subject to faults or vendor auth, so a test can always see and undo what it did.
 */
export function controlPlaneRouter(options: ControlPlaneOptions): Router {
  const router = express.Router();
  router.use(loopbackOnly);
  router.use(express.json());

  router.get('/state', (_req, res) => {
    res.json(options.snapshot());
  });

  router.post('/reset', (_req, res) => {
    options.reset();
    options.faults.clear();
    options.logger.info('sandbox reset');
    res.json({ reset: true });
  });

  router.get('/faults', (_req, res) => {
    res.json({ faults: options.faults.list() });
  });

  router.post('/faults', (req, res) => {
    const parsed = parseFaultSpec(req.body, options.faultKinds);
    if (!parsed.ok) {
      res
        .status(400)
        .json({ error: 'invalid_fault', field: parsed.issue.field, message: parsed.issue.message });
      return;
    }
    const fault = options.faults.add(parsed.spec);
    options.logger.info({ faultId: fault.id, kind: fault.kind }, 'fault added');
    res.status(201).json({ fault });
  });

  router.delete('/faults', (_req, res) => {
    options.faults.clear();
    res.json({ faults: [] });
  });

  if (options.routes) router.use(options.routes);

  router.use((_req, res) => {
    res.status(404).json({ error: 'not_found', message: 'Unknown control plane route' });
  });

  router.use(((err, _req, res, _next) => {
    const status = typeof err?.status === 'number' ? err.status : 500;
    res
      .status(status)
      .json({ error: status === 400 ? 'invalid_json' : 'internal_error', message: String(err?.message) });
  }) satisfies express.ErrorRequestHandler);

  return router;
}
