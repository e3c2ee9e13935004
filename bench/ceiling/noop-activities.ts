import { preciseNow } from '../measure/precise-clock';

export interface NoopDeliveryInput {
  target: string;
  externalId: string;
}

/**
 * The ceiling's activities: the same names and call pattern as Loudwire's, doing no work. A delivery tells the
 * benchmark over IPC that it "landed", the way the sandbox host reports a stored record.
 */
export function createNoopActivities() {
  return {
    async readSyncSettings(): Promise<{ dedupWindowMs: number }> {
      return { dedupWindowMs: 4 * 86_400_000 };
    },
    async mapSourceRecord(input: { payload: unknown }): Promise<{ targets: string[]; payload: unknown }> {
      return { targets: ['project-tool', 'billing'], payload: input.payload };
    },
    async evaluateApprovalPolicy(): Promise<{ required: boolean }> {
      return { required: false };
    },
    async deliverToTarget(input: NoopDeliveryInput): Promise<{ targetId: string }> {
      process.send?.({
        type: 'landed',
        target: input.target,
        externalId: input.externalId,
        at: preciseNow(),
      });
      return { targetId: `noop-${input.externalId}` };
    },
  };
}

export type NoopActivities = ReturnType<typeof createNoopActivities>;
