/** The system a sandbox create route belongs to. */
type TargetSystem = 'project-tool' | 'billing';

/** Requests the sandbox host answered, and how long it spent answering them (sum of request durations). */
export interface SandboxRequestStats {
  requests: number;
  busyMs: number;
  /** `METHOD /path` → count. */
  byRoute: Record<string, number>;
}

/** What the sandbox host (and the no-op worker) report to the benchmark over IPC. */
export type SandboxHostMessage =
  | { type: 'ready' }
  /** A target stored the record whose `external_id` is the record key; `at` is epoch ms (sub-ms precision). */
  | { type: 'landed'; target: TargetSystem | string; externalId: string; at: number }
  | { type: 'stats'; stats: SandboxRequestStats };
