import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadClientConfigProfile, type ClientConfigProfile } from '@temporalio/envconfig';

/**
 * Temporal's own client configuration file (`temporal.toml`, the one the `temporal` CLI and every SDK read),
 * translated into the environment names Temporal uses for the same settings (`TEMPORAL_ADDRESS`,
 * `TEMPORAL_TLS_*`, `TEMPORAL_API_KEY`, …). The caller lays the real environment over it, so a variable always
 * wins over the file, as in Temporal's own tools.
 *
 * The file is `TEMPORAL_CONFIG_FILE` (must exist) or `~/.config/temporalio/temporal.toml` (if it exists); the
 * profile is `TEMPORAL_PROFILE` (must exist in the file) or `default`.
 */
export function temporalProfileAsEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const explicitFile = env.TEMPORAL_CONFIG_FILE;
  const file = explicitFile || defaultConfigFile(env);
  if (!file) {
    if (env.TEMPORAL_PROFILE) {
      throw new Error(`TEMPORAL_PROFILE=${env.TEMPORAL_PROFILE} is set but there is no Temporal config file`);
    }
    return {};
  }
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({
      configSource: { path: file },
      profile: env.TEMPORAL_PROFILE || undefined,
      disableEnv: true,
      configFileStrict: true,
    });
  } catch (error) {
    throw new Error(`Temporal config file ${file}: ${(error as Error).message}`);
  }
  return profileToEnvironment(profile);
}

function defaultConfigFile(env: NodeJS.ProcessEnv): string | undefined {
  // Only the environment handed in counts (tests hand in their own, without HOME, and so read no file).
  const configHome = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined);
  if (!configHome) return undefined;
  const candidate = join(configHome, 'temporalio', 'temporal.toml');
  return existsSync(candidate) ? candidate : undefined;
}

function profileToEnvironment(profile: ClientConfigProfile): Record<string, string> {
  const env: Record<string, string> = {};
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') env[name] = value;
  };
  set('TEMPORAL_ADDRESS', profile.address);
  set('TEMPORAL_NAMESPACE', profile.namespace);
  set('TEMPORAL_API_KEY', profile.apiKey);
  const tls = profile.tls;
  if (tls) {
    set('TEMPORAL_TLS', tls.disabled === undefined ? 'true' : String(!tls.disabled));
    set('TEMPORAL_TLS_SERVER_NAME', tls.serverName);
    for (const [name, source] of [
      ['TEMPORAL_TLS_CLIENT_CERT', tls.clientCert],
      ['TEMPORAL_TLS_CLIENT_KEY', tls.clientKey],
      ['TEMPORAL_TLS_SERVER_CA_CERT', tls.serverCACert],
    ] as const) {
      if (!source) continue;
      if ('path' in source) set(`${name}_PATH`, source.path);
      else
        set(
          `${name}_DATA`,
          typeof source.data === 'string' ? source.data : Buffer.from(source.data).toString(),
        );
    }
  }
  return env;
}
