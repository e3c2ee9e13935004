import { NativeConnection } from '@temporalio/worker';
import type { LoudwireEnvironment } from '../config/environment';
import { temporalConnectionOptions, temporalConnectionSettings } from './temporal-connection-options';

/** The worker's connection, with the same address, TLS and API key as every other Loudwire connection. */
export async function connectWorkerConnection(env: LoudwireEnvironment): Promise<NativeConnection> {
  return NativeConnection.connect(temporalConnectionOptions(temporalConnectionSettings(env)));
}
