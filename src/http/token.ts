import { P2lError } from '../util/errors.js';
import { registerSecret } from '../util/server-text.js';
import { fetchWhole, isSuccess } from './answer.js';
import { retrying, type RetryPolicy } from './retry.js';

export interface ClientCredentials {
  /** `<auth server>/realms/<realm>/protocol/openid-connect/token` */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/** A token, and which fetch gave it (1 for the first, counting up): a later serial was fetched later. */
export interface Lease {
  value: string;
  serial: number;
}

interface HeldToken extends Lease {
  /** Epoch ms after which the token is renewed before use. */
  renewAt: number;
}

/**
 * Keycloak client-credentials tokens: fetched on first use, renewed before
 * they expire, and dropped on demand when MO says a token has expired.
 * Concurrent callers share one token request, retried as any other (so a
 * Keycloak that is down for a while is waited for, within the retries and
 * the run's deadline of the policy).
 */
export class TokenSource {
  private held: HeldToken | undefined;
  private pending: Promise<Lease> | undefined;
  /** Token requests sent (tries included). */
  requests = 0;
  /** Tokens fetched so far: the serial of the latest. */
  fetched = 0;

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly policy: RetryPolicy,
    private readonly now: () => number = Date.now,
  ) {
    registerSecret(credentials.clientSecret);
  }

  async token(): Promise<string> {
    return (await this.lease()).value;
  }

  async lease(): Promise<Lease> {
    if (this.held && this.now() < this.held.renewAt) return this.held;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Where tokens come from and for whom, for error lines (never the secret). */
  get client(): { tokenUrl: string; clientId: string } {
    return { tokenUrl: this.credentials.tokenUrl, clientId: this.credentials.clientId };
  }

  /** Forgets `value` if it is still the token held, so the next call fetches a new one. */
  invalidate(value: string): void {
    if (this.held?.value === value) this.held = undefined;
  }

  private async fetchToken(): Promise<Lease> {
    const { tokenUrl, clientId, clientSecret } = this.credentials;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    const response = await retrying(`Keycloak at ${tokenUrl}`, this.policy, async (signal) => {
      this.requests++;
      return fetchWhole(tokenUrl, { method: 'POST', body }, signal, this.policy.fetch);
    });
    if (response.status === 400 || response.status === 401) {
      throw new P2lError(`Keycloak at ${tokenUrl} refused client "${clientId}" (HTTP ${response.status}): check crontab.CLIENT_ID and crontab.CLIENT_SECRET`);
    }
    if (!isSuccess(response.status)) {
      throw new P2lError(`Keycloak at ${tokenUrl} answered HTTP ${response.status}: check crontab.AUTH_SERVER and the realm`);
    }
    const answer = jsonOrNothing(response.text);
    if (typeof answer.access_token !== 'string' || typeof answer.expires_in !== 'number') {
      throw new P2lError(`Keycloak at ${tokenUrl} answered without access_token/expires_in: is crontab.AUTH_SERVER a Keycloak?`);
    }
    const lifetimeMs = answer.expires_in * 1000;
    this.fetched++;
    this.held = { value: answer.access_token, serial: this.fetched, renewAt: this.now() + Math.max(lifetimeMs * 0.75, lifetimeMs - 60_000) };
    return this.held;
  }
}

function jsonOrNothing(body: string): { access_token?: unknown; expires_in?: unknown } {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}
