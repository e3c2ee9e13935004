import type { LoudwireEnvironment } from '../config/environment';
import type { TargetConnector } from '../connectors/target-connector';
import { TargetFailure } from '../connectors/target-failure';
import type { TargetSystem } from '../integrations/integration';

export interface CredentialHealth {
  target: TargetSystem;
  state: 'ok' | 'failing' | 'expiring';
  detail: string;
  /** Declared expiry of the credential (ISO 8601), when the operator set one. */
  expiresAt?: string;
}

/** Declared expiry dates, by target: operators set them when a vendor issues a credential with an end date. */
function declaredExpiry(env: LoudwireEnvironment): Partial<Record<TargetSystem, string>> {
  return {
    ...(env.PROJECTS_API_KEY_EXPIRES_AT ? { 'project-tool': env.PROJECTS_API_KEY_EXPIRES_AT } : {}),
    ...(env.BILLING_CLIENT_SECRET_EXPIRES_AT ? { billing: env.BILLING_CLIENT_SECRET_EXPIRES_AT } : {}),
  };
}

/**
 * Probes every connector's credentials and compares declared expiry dates with the warning window. Never
 * throws for a failing credential: a failure is a result to report, and the workflow decides what to alert.
 */
export async function checkCredentials(
  connectors: Record<TargetSystem, TargetConnector>,
  env: LoudwireEnvironment,
  now: number = Date.now(),
): Promise<CredentialHealth[]> {
  const expiries = declaredExpiry(env);
  return Promise.all(
    (Object.keys(connectors) as TargetSystem[]).map(async (target): Promise<CredentialHealth> => {
      const expiresAt = expiries[target];
      try {
        await connectors[target].probeCredentials();
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
