import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const provisionedCli = fileURLToPath(new URL('../../tools/temporal-cli/bin/temporal', import.meta.url));

/**
 * Where the Temporal CLI is: `TEMPORAL_CLI_PATH` when set, else the copy `npm install` provisioned under tools/.
 * Throws with the fix when neither exists, rather than letting the SDK try (and fail) to download one.
 */
export function temporalCliPath(): string {
  const configured = process.env.TEMPORAL_CLI_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`TEMPORAL_CLI_PATH=${configured} does not exist`);
    return configured;
  }
  if (existsSync(provisionedCli)) return provisionedCli;
  throw new Error(
    'No Temporal CLI found. Run `npm install` (it provisions tools/temporal-cli) or set TEMPORAL_CLI_PATH.',
  );
}
