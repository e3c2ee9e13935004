import type { Client } from '@temporalio/client';
import { ConfigurationError, loadEnvironment } from '../config/environment';
import { connectTemporalClient, type ConnectedTemporalClient } from '../temporal/connect-temporal-client';
import { UsageError } from './usage-error';

/**
 * Connects to the Temporal server the environment (or Temporal's profile file) names — address, namespace, TLS,
 * API key — for commands that operate on running workflows. Fails with the address in the message when the server is unreachable.
 */
export async function withTemporalClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  let env;
  try {
    env = loadEnvironment();
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(error.message);
    throw error;
  }
  let connected: ConnectedTemporalClient;
  try {
    connected = await connectTemporalClient(env, { connectTimeout: 5_000 });
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(error.message);
    throw new UsageError(
      `cannot reach Temporal at ${env.TEMPORAL_ADDRESS} (set TEMPORAL_ADDRESS): ${(error as Error).message}`,
    );
  }
  try {
    return await use(connected.client);
  } finally {
    await connected.close();
  }
}
