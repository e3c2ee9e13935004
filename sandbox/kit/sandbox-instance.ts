import type { Express } from 'express';
import type { FaultRegistry } from './faults/fault-registry';

/** What every sandbox factory returns: an app to serve plus handles for tests that drive it in-process. */
export interface SandboxInstance<Snapshot extends Record<string, unknown[]>> {
  /** The express app (control plane + vendor API). Serve it with `serveApp`, or with supertest-like tools. */
  app: Express;
  /** Active faults; the same registry `/__sandbox/faults` manages. */
  faults: FaultRegistry;
  /** Every stored record, keyed by collection (what `GET /__sandbox/state` returns). */
  snapshot(): Snapshot;
  /** Wipes storage and faults, as `POST /__sandbox/reset` does. */
  reset(): void;
  /** Stops background work (slow responses, webhook retries) and closes the database. */
  close(): Promise<void>;
}
