import { Client, Connection } from '@temporalio/client';
import { ConfigurationError, loadEnvironment } from '../config/environment';
import { UsageError } from './usage-error';

/**
 * Connects to the Temporal server the environment names (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE), for commands
 * that operate on running workflows. Fails with the address in the message when the server is unreachable.
 */
export async function withTemporalClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  let env;
  try {
    env = loadEnvironment();
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(error.message);
    throw error;
  }
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS, connectTimeout: 5_000 });
  } catch (error) {
    throw new UsageError(
      `cannot reach Temporal at ${env.TEMPORAL_ADDRESS} (set TEMPORAL_ADDRESS): ${(error as Error).message}`,
    );
  }
  try {
    return await use(new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }));
  } finally {
    await connection.close();
  }
}
