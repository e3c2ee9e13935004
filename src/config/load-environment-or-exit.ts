import type { Logger } from '../logging/logger';
import { ConfigurationError, loadEnvironment, type LoudwireEnvironment } from './environment';

/** For a process entry point: the parsed environment, or exit 1 with one log line naming what is wrong. */
export function loadEnvironmentOrExit(logger: Logger): LoudwireEnvironment {
  try {
    return loadEnvironment();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      logger.fatal(error.message);
      process.exit(1);
    }
    throw error;
  }
}
