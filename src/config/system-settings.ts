import { z } from 'zod';
import type { RetryPolicy } from '../integrations/integration';
import { systemSettingVariable, type SystemDefinition, type SystemSettingValues } from '../systems/system';
import { durationMs } from './duration';

/**
 * The one rule for every system's settings: system `project-tool`'s setting `API_KEY` is read from
 * `PROJECT_TOOL_API_KEY` (or `PROJECT_TOOL_API_KEY_FILE`, resolved before this runs). Unset: its `default`, or
 * outside production its `developmentDefault`. In production a secret still equal to its development default is
 * refused, and a required setting without a value is named.
 */
export function readSystemSettings(
  systemList: readonly SystemDefinition[],
  env: Readonly<Record<string, string>>,
  isProduction: boolean,
): { values: Record<string, SystemSettingValues>; problems: string[]; stillDefault: string[] } {
  const values: Record<string, SystemSettingValues> = {};
  const problems: string[] = [];
  const stillDefault: string[] = [];
  for (const system of systemList) {
    const settings: Record<string, string | undefined> = {};
    for (const [name, setting] of Object.entries(system.settings)) {
      const variable = systemSettingVariable(system.name, name);
      const given = env[variable];
      const value = given ?? setting.default ?? (isProduction ? undefined : setting.developmentDefault);
      if (value === undefined) {
        if (!setting.optional) problems.push(`${variable}: is required (${setting.description})`);
        settings[name] = undefined;
        continue;
      }
      const problem = setting.check?.(value);
      if (problem) problems.push(`${variable}: ${problem}`);
      if (isProduction && setting.secret && value === setting.developmentDefault) stillDefault.push(variable);
      settings[name] = value;
    }
    values[system.name] = settings;
  }
  return { values, problems, stillDefault };
}

/** Every system setting's variable name, e.g. `PROJECT_TOOL_API_KEY`. */
export function systemSettingVariables(systemList: readonly SystemDefinition[]): string[] {
  return systemList.flatMap((system) =>
    Object.keys(system.settings).map((name) => systemSettingVariable(system.name, name)),
  );
}

/** Development defaults of every system's settings, by variable (`.env.example`, sandboxes, tests). */
export function systemDevelopmentDefaults(systemList: readonly SystemDefinition[]): Record<string, string> {
  return Object.fromEntries(
    systemList.flatMap((system) =>
      Object.entries(system.settings).flatMap(([name, setting]) =>
        setting.developmentDefault === undefined
          ? []
          : [[systemSettingVariable(system.name, name), setting.developmentDefault] as const],
      ),
    ),
  );
}

const positiveInt = z.coerce.number().int().positive();

/** `<SYSTEM>_RETRY_*`: how writes to a system are retried unless an integration declares otherwise. */
export function retrySettingsShape(system: string): z.ZodRawShape {
  const variable = (name: string) => systemSettingVariable(system, name);
  return {
    [variable('RETRY_MAX_ATTEMPTS')]: positiveInt.default(8),
    [variable('RETRY_INITIAL_INTERVAL')]: durationMs.default(1_000),
    [variable('RETRY_BACKOFF')]: z.coerce.number().min(1).default(2),
    [variable('RETRY_MAX_INTERVAL')]: durationMs.default(60_000),
  };
}

/** A system's parsed retry settings as a policy. */
export function retryPolicyOf(parsed: Record<string, unknown>, system: string): RetryPolicy {
  const value = (name: string) => parsed[systemSettingVariable(system, name)] as number;
  return {
    maximumAttempts: value('RETRY_MAX_ATTEMPTS'),
    initialIntervalMs: value('RETRY_INITIAL_INTERVAL'),
    backoffCoefficient: value('RETRY_BACKOFF'),
    maximumIntervalMs: value('RETRY_MAX_INTERVAL'),
  };
}
