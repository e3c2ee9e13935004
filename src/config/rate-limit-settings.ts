import { z } from 'zod';
import { systemOfTarget, type TargetKey } from '../systems/kit/target-resource';
import { systemSettingVariable } from '../systems/system';

/** The setting name of a system's rate limit (`PROJECT_TOOL_RATE_LIMIT_PER_SECOND`). */
const rateLimitSetting = 'RATE_LIMIT_PER_SECOND';

const writesPerSecond = z.coerce
  .number()
  .positive('must be a positive number of writes per second (e.g. 10 or 0.5)')
  .max(100_000)
  .optional();

/**
 * Where a destination's writes are limited: the system as a whole (`project-tool`) or one of its resources
 * (`project-tool/projects`), which takes precedence for that resource.
 */
export type DestinationKey = string;

/**
 * The variable of a destination's limit: `project-tool` → `PROJECT_TOOL_RATE_LIMIT_PER_SECOND`,
 * `project-tool/projects` → `PROJECT_TOOL_PROJECTS_RATE_LIMIT_PER_SECOND`.
 */
export function rateLimitVariable(destination: DestinationKey): string {
  const [system, resource] = destination.split('/', 2) as [string, string | undefined];
  const name = resource ? `${resource}_${rateLimitSetting}` : rateLimitSetting;
  return systemSettingVariable(system, name)
    .replace(/[^A-Z0-9_]/gi, '_')
    .toUpperCase();
}

/** Every destination that may carry a limit: each system, and each target resource an integration writes. */
export function rateLimitDestinations(
  systemNames: readonly string[],
  targets: readonly TargetKey[],
): DestinationKey[] {
  return [...new Set([...systemNames, ...targets])];
}

/** `<SYSTEM>_RATE_LIMIT_PER_SECOND` and `<SYSTEM>_<RESOURCE>_RATE_LIMIT_PER_SECOND`, all optional. */
export function rateLimitSettingsShape(destinations: readonly DestinationKey[]): z.ZodRawShape {
  return Object.fromEntries(
    destinations.map((destination) => [rateLimitVariable(destination), writesPerSecond]),
  );
}

/** The parsed limits, by destination; destinations without one are absent. */
export function rateLimitsOf(
  parsed: Record<string, unknown>,
  destinations: readonly DestinationKey[],
): Record<DestinationKey, number> {
  return Object.fromEntries(
    destinations.flatMap((destination) => {
      const value = parsed[rateLimitVariable(destination)];
      return typeof value === 'number' ? [[destination, value]] : [];
    }),
  );
}

/** The limit that governs writes to a target: its resource's own, else its system's, else none. */
export function destinationOf(
  limits: Readonly<Record<DestinationKey, number>>,
  target: TargetKey,
): DestinationKey | undefined {
  if (limits[target] !== undefined) return target;
  const system = systemOfTarget(target);
  return limits[system] !== undefined ? system : undefined;
}
