import { Client, Connection } from '@temporalio/client';
import type { LoudwireEnvironment } from '../config/environment';
import { loudwireDataConverter } from '../encryption/loudwire-data-converter';
import { tracingClientInterceptors } from '../observability/temporal-tracing-interceptors';
import { temporalClientInterceptors } from './client-grpc-interceptors';
import { temporalConnectionOptions, temporalConnectionSettings } from './temporal-connection-options';

export interface ConnectedTemporalClient {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

/**
 * A Temporal client as every Loudwire process makes one: the environment's address, namespace, TLS and API
 * key (src/temporal/temporal-connection-options.ts), and the encrypting data converter (src/encryption).
 */
export async function connectTemporalClient(
  env: LoudwireEnvironment,
  options: { connectTimeout?: number } = {},
): Promise<ConnectedTemporalClient> {
  const settings = temporalConnectionSettings(env);
  const connection = await Connection.connect({
    ...temporalConnectionOptions(settings, options),
    interceptors: temporalClientInterceptors(),
  });
  const client = new Client({
    connection,
    namespace: settings.namespace,
    dataConverter: loudwireDataConverter(env.PAYLOAD_ENCRYPTION_KEYS),
    interceptors: tracingClientInterceptors(),
  });
  return { client, connection, close: () => connection.close() };
}

/**
 * The same client over a lazy connection: nothing is dialled until the first call, so a process can start while
 * Temporal is unreachable and serve as soon as it is back (the API's webhook path answers 503 meanwhile).
 */
export function lazyTemporalClient(env: LoudwireEnvironment): ConnectedTemporalClient {
  const settings = temporalConnectionSettings(env);
  const connection = Connection.lazy({
    ...temporalConnectionOptions(settings),
    interceptors: temporalClientInterceptors(),
  });
  const client = new Client({
    connection,
    namespace: settings.namespace,
    dataConverter: loudwireDataConverter(env.PAYLOAD_ENCRYPTION_KEYS),
    interceptors: tracingClientInterceptors(),
  });
  return { client, connection, close: () => connection.close() };
}
