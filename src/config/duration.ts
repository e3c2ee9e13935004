import { z } from 'zod';

const durationPattern = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `500ms`, `30s`, `5m`, `2h`, `4d` into milliseconds; undefined when the text is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const match = durationPattern.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * unitMs[match[2] as keyof typeof unitMs]);
}

/** A zod field for a duration env var, e.g. `DEDUP_WINDOW=4d`; the error names the accepted units. */
export const durationMs = z.string().transform((text, ctx) => {
  const ms = parseDurationMs(text);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a duration (use e.g. 500ms, 30s, 5m, 2h, 4d)`,
    });
    return z.NEVER;
  }
  return ms;
});

/**
 * A duration env var that also takes `off` (undefined), e.g. `WEBHOOK_LATENCY_TARGET=off` or `=50ms`; `fallback`
 * is the text used when the variable is unset.
 */
export function durationMsOrOff(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      if (text.trim() === 'off') return undefined;
      const ms = parseDurationMs(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is neither off nor a duration (e.g. 50ms, 1s)` });
        return z.NEVER;
      }
      return ms;
    });
}
