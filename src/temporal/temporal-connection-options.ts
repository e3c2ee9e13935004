import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from '@temporalio/client';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { ConfigurationError, type LoudwireEnvironment } from '../config/environment';

/**
 * The one place that turns the environment into Temporal connection options: the API, the worker, the CLI,
 * the activities that query visibility, `npm start`, the tests and the benchmarks all connect through it, so TLS,
 * mTLS, an API key and the plaintext rule apply to every connection Loudwire opens.
 */
export interface TemporalConnectionSettings {
  address: string;
  namespace: string;
  /** `false`: plaintext. */
  tls: TLSConfig | false;
  apiKey?: string;
}

type TemporalSettingsSource = Pick<
  LoudwireEnvironment,
  | 'NODE_ENV'
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_NAMESPACE'
  | 'TEMPORAL_API_KEY'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_SERVER_NAME'
  | 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'
  | 'TEMPORAL_TLS_SERVER_CA_CERT_DATA'
  | 'TEMPORAL_TLS_CLIENT_CERT_PATH'
  | 'TEMPORAL_TLS_CLIENT_CERT_DATA'
  | 'TEMPORAL_TLS_CLIENT_KEY_PATH'
  | 'TEMPORAL_TLS_CLIENT_KEY_DATA'
  | 'LOUDWIRE_ALLOW_PLAINTEXT_TEMPORAL'
>;

/**
 * Resolves the settings and enforces the transport rule: in production, plaintext is refused to any address
 * that is not loopback (anyone on the path could read every payload header, search attribute and API key),
 * unless `LOUDWIRE_ALLOW_PLAINTEXT_TEMPORAL=true` says the network is trusted (e.g. a sidecar proxy does TLS).
 */
export function temporalConnectionSettings(env: TemporalSettingsSource): TemporalConnectionSettings {
  const tls = tlsSettings(env);
  const settings: TemporalConnectionSettings = {
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    tls,
    ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
  };
  if (
    env.NODE_ENV === 'production' &&
    tls === false &&
    !isLoopbackAddress(env.TEMPORAL_ADDRESS) &&
    env.LOUDWIRE_ALLOW_PLAINTEXT_TEMPORAL !== true
  ) {
    throw new ConfigurationError(
      `NODE_ENV=production refuses plaintext to Temporal at ${env.TEMPORAL_ADDRESS}: set TEMPORAL_TLS=true ` +
        `(with TEMPORAL_TLS_SERVER_CA_CERT_PATH and TEMPORAL_TLS_CLIENT_CERT_PATH/_KEY_PATH for mTLS) or ` +
        `TEMPORAL_API_KEY, or LOUDWIRE_ALLOW_PLAINTEXT_TEMPORAL=true if the network itself is trusted`,
    );
  }
  return settings;
}

/** The options `Connection.connect` (client) and `NativeConnection.connect` (worker) both accept. */
export type TemporalConnectOptions = Pick<ConnectionOptions, 'address' | 'tls' | 'connectTimeout'> & {
  apiKey?: string;
};

/** Options for `Connection.connect` (client) and `NativeConnection.connect` (worker): the same shape. */
export function temporalConnectionOptions(
  settings: TemporalConnectionSettings,
  extra: { connectTimeout?: number } = {},
): TemporalConnectOptions {
  return {
    address: settings.address,
    tls: settings.tls,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    ...(extra.connectTimeout ? { connectTimeout: extra.connectTimeout } : {}),
  };
}

/** A short description for logs: never the API key or a certificate. */
export function describeTemporalConnection(settings: TemporalConnectionSettings): Record<string, unknown> {
  return {
    address: settings.address,
    namespace: settings.namespace,
    tls: settings.tls === false ? 'off' : settings.tls.clientCertPair ? 'mTLS' : 'on',
    apiKey: settings.apiKey ? 'set' : 'unset',
  };
}

function tlsSettings(env: TemporalSettingsSource): TLSConfig | false {
  const anyTlsSetting = [
    env.TEMPORAL_TLS_SERVER_NAME,
    env.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
    env.TEMPORAL_TLS_SERVER_CA_CERT_DATA,
    env.TEMPORAL_TLS_CLIENT_CERT_PATH,
    env.TEMPORAL_TLS_CLIENT_CERT_DATA,
    env.TEMPORAL_TLS_CLIENT_KEY_PATH,
    env.TEMPORAL_TLS_CLIENT_KEY_DATA,
  ].some((value) => value !== undefined);
  // As in Temporal's own tools: TLS when asked for, or implied by a TLS setting or an API key.
  const enabled = env.TEMPORAL_TLS ?? (anyTlsSetting || env.TEMPORAL_API_KEY !== undefined);
  if (!enabled) return false;
  const ca = pemFrom(env, 'TEMPORAL_TLS_SERVER_CA_CERT');
  const crt = pemFrom(env, 'TEMPORAL_TLS_CLIENT_CERT');
  const key = pemFrom(env, 'TEMPORAL_TLS_CLIENT_KEY');
  if ((crt === undefined) !== (key === undefined)) {
    throw new ConfigurationError(
      'mTLS needs both TEMPORAL_TLS_CLIENT_CERT_(PATH|DATA) and TEMPORAL_TLS_CLIENT_KEY_(PATH|DATA): one is missing',
    );
  }
  return {
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
}

function pemFrom(
  env: TemporalSettingsSource,
  base: 'TEMPORAL_TLS_SERVER_CA_CERT' | 'TEMPORAL_TLS_CLIENT_CERT' | 'TEMPORAL_TLS_CLIENT_KEY',
): Buffer | undefined {
  const path = env[`${base}_PATH`];
  const data = env[`${base}_DATA`];
  if (path && data) throw new ConfigurationError(`Both ${base}_PATH and ${base}_DATA are set: keep one`);
  if (data) return Buffer.from(data);
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigurationError(`${base}_PATH=${path} cannot be read: ${(error as Error).message}`);
  }
}

/** `localhost`, 127.0.0.0/8 and ::1, with or without a port. */
export function isLoopbackAddress(address: string): boolean {
  const host = hostOf(address).toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

function hostOf(address: string): string {
  const withoutScheme = address.replace(/^[a-z]+:\/\//i, '');
  const bracketed = /^\[([^\]]+)\]/.exec(withoutScheme);
  if (bracketed) return bracketed[1]!;
  if (isIP(withoutScheme) === 6) return withoutScheme;
  return withoutScheme.split(':')[0]!;
}
