import type { Logger } from '../../logging/logger';
import { exchangeHttp } from '../kit/http-exchange';
import { FailureClass, TargetFailure } from '../kit/target-failure';
import { failureForStatus } from '../kit/classify-http-status';

export interface BillingCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

/** Tokens are renewed this long before they expire (or at 80 % of a shorter lifetime). */
const renewBeforeExpiryMs = 60_000;

/**
 * OAuth2 client-credentials tokens for the billing API, cached per worker process and renewed before expiry,
 * so concurrent activities share one token and one refresh.
 */
export class BillingTokenSource {
  private cached: CachedToken | undefined;
  private inFlight: Promise<CachedToken> | undefined;

  constructor(
    private readonly credentials: BillingCredentials,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async accessToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.expiresAt) return this.cached.value;
    this.inFlight ??= this.requestToken().finally(() => {
      this.inFlight = undefined;
    });
    this.cached = await this.inFlight;
    return this.cached.value;
  }

  /** Forget the cached token (after the API refused it), so the next call fetches a new one. */
  invalidate(): void {
    this.cached = undefined;
  }

  /** When the cached token is due for renewal (epoch ms); undefined when none is cached. For health checks. */
  cachedTokenExpiresAt(): number | undefined {
    return this.cached?.expiresAt;
  }

  private async requestToken(): Promise<CachedToken> {
    const response = await exchangeHttp(
      {
        method: 'POST',
        url: new URL('/oauth/token', this.credentials.baseUrl).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.credentials.clientId,
          client_secret: this.credentials.clientSecret,
        }).toString(),
        timeoutMs: this.credentials.timeoutMs,
      },
      // The token response carries the secret we are given: never log this exchange's bodies.
      undefined,
    );
    const failure = failureForStatus(response, 'billing token request');
    if (failure) {
      this.logger?.warn({ status: response.status }, 'billing token request refused');
      throw failure;
    }
    const body = response.json as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new TargetFailure(
        FailureClass.unexpectedResponse,
        'billing token response lacks access_token/expires_in',
      );
    }
    const lifetimeMs = body.expires_in * 1_000;
    const renewIn = Math.min(lifetimeMs - renewBeforeExpiryMs, lifetimeMs * 0.8);
    return { value: body.access_token, expiresAt: this.now() + Math.max(0, renewIn) };
  }
}
