import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** The shared config folder: cluster.env, dynamicconfig.yaml and the two setup scripts (also used by compose). */
export const temporalConfigDir = resolve(import.meta.dirname, '../../config/temporal');

export interface ClusterSettings {
  /** Temporal server and SQL tool version, e.g. `1.32.2`. */
  serverVersion: string;
  /** Temporal Web UI (ui-server) version. */
  uiVersion: string;
  historyShards: number;
  namespace: string;
  /** `NAME=Type` pairs, as registered by setup-namespace.sh. */
  searchAttributes: { name: string; type: string }[];
  /** Every variable of cluster.env, passed as is to the server and the setup scripts. */
  env: Record<string, string>;
}

/** Reads config/temporal/cluster.env, the one source of truth for the production-shaped cluster. */
export function readClusterSettings(file = join(temporalConfigDir, 'cluster.env')): ClusterSettings {
  const env = parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${file}: ${name} is missing`);
    return value;
  };
  const historyShards = Number(required('NUM_HISTORY_SHARDS'));
  if (!Number.isInteger(historyShards) || historyShards < 1) {
    throw new Error(`${file}: NUM_HISTORY_SHARDS must be a positive integer`);
  }
  const searchAttributes = required('LOUDWIRE_SEARCH_ATTRIBUTES')
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const [name, type, ...rest] = pair.split('=');
      if (!name || !type || rest.length > 0) {
        throw new Error(`${file}: LOUDWIRE_SEARCH_ATTRIBUTES entry "${pair}" is not NAME=Type`);
      }
      return { name, type };
    });
  return {
    serverVersion: required('TEMPORAL_SERVER_VERSION'),
    uiVersion: required('TEMPORAL_UI_VERSION'),
    historyShards,
    namespace: required('LOUDWIRE_NAMESPACE'),
    searchAttributes,
    env,
  };
}
