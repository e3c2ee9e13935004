import type { LoudwireEnvironment } from '../config/environment';
import { TargetFailure } from '../systems/kit/target-failure';
import type { SystemDefinition } from '../systems/system';
import type { SystemConnections } from '../systems/system-connections';

export interface CredentialHealth {
  /** The system whose credentials were probed (`billing`). */
  target: string;
  state: 'ok' | 'failing' | 'expiring';
  detail: string;
  /** Declared expiry of the credential (ISO 8601), when the operator set one. */
  expiresAt?: string;
}

/** Declared expiry dates, by system: operators set them when a vendor issues a credential with an end date. */
function declaredExpiry(
  systems: readonly SystemDefinition[],
  env: LoudwireEnvironment,
): Partial<Record<string, string>> {
  return Object.fromEntries(
    systems.flatMap((system) => {
      const expiresAt = system.credentialExpirySetting
        ? env.systems[system.name]?.[system.credentialExpirySetting]
        : undefined;
      return expiresAt ? [[system.name, expiresAt]] : [];
    }),
  );
}

/**
 * Probes every connected system's credentials and compares declared expiry dates with the warning window. Never
 * throws for a failing credential: a failure is a result to report, and the workflow decides what to alert.
 */
export async function checkCredentials(
  connections: SystemConnections,
  systems: readonly SystemDefinition[],
  env: LoudwireEnvironment,
  now: number = Date.now(),
): Promise<CredentialHealth[]> {
  const expiries = declaredExpiry(systems, env);
  return Promise.all(
    connections.entries().map(async ([target, connection]): Promise<CredentialHealth> => {
      const expiresAt = expiries[target];
      try {
        await connection.probeCredentials();
      } catch (error) {
        const detail =
          error instanceof TargetFailure ? `${error.failureClass}: ${error.message}` : String(error);
        return { target, state: 'failing', detail, ...(expiresAt ? { expiresAt } : {}) };
      }
      if (expiresAt) {
        const left = Date.parse(expiresAt) - now;
        if (left <= env.CREDENTIAL_EXPIRY_WARNING) {
          const days = (left / 86_400_000).toFixed(1);
          return {
            target,
            state: left <= 0 ? 'failing' : 'expiring',
            detail:
              left <= 0
                ? `credential expired at ${expiresAt}`
                : `credential expires in ${days} days (${expiresAt})`,
            expiresAt,
          };
        }
      }
      return { target, state: 'ok', detail: 'credentials accepted', ...(expiresAt ? { expiresAt } : {}) };
    }),
  );
}
