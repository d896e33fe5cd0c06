/**
 * Keycloak's client-credentials grant, and the bearer check in front of
 * MO's GraphQL endpoint. Tokens are random and opaque; the simulator
 * remembers when each expires.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { json, type Reply } from './http.js';

export type TokenState = 'missing' | 'unknown' | 'expired' | 'valid';

export interface TokenIssuerOptions {
  clients: Readonly<Record<string, string>>;
  lifetimeSeconds: number;
  now: () => Date;
}

export class TokenIssuer {
  /** token -> expiry (epoch ms) */
  private readonly expiries = new Map<string, number>();

  constructor(private readonly options: TokenIssuerOptions) {}

  /** Answers a POST to the token endpoint of the `mo` realm: `body` is the form-encoded request body. */
  tokenReply(body: string, headers: IncomingHttpHeaders): Reply {
    const form = new URLSearchParams(body);
    const grantType = form.get('grant_type');
    if (grantType === null) return json(400, { error: 'invalid_request', error_description: 'Missing form parameter: grant_type' });
    if (grantType !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
    const [clientId, clientSecret] = basicCredentials(headers.authorization) ?? [form.get('client_id'), form.get('client_secret')];
    if (clientId === null || !Object.hasOwn(this.options.clients, clientId) || this.options.clients[clientId] !== clientSecret) {
      return json(401, { error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' });
    }
    return json(200, this.issue());
  }

  /** The state of the bearer token in an Authorization header. */
  check(authorization: string | undefined): TokenState {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) return 'missing';
    const expiry = this.expiries.get(token);
    if (expiry === undefined) return 'unknown';
    return this.options.now().getTime() >= expiry ? 'expired' : 'valid';
  }

  /** Every token issued so far is expired from now on. */
  expireAll(): void {
    for (const token of this.expiries.keys()) this.expiries.set(token, -Infinity);
  }

  private issue(): Record<string, unknown> {
    const token = randomBytes(32).toString('base64url');
    const lifetime = this.options.lifetimeSeconds;
    this.expiries.set(token, this.options.now().getTime() + lifetime * 1000);
    return {
      access_token: token,
      expires_in: lifetime,
      refresh_expires_in: 0,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope: 'profile email',
    };
  }
}

/** client_id and client_secret from HTTP Basic auth (each form-encoded, RFC 6749 2.3.1), or undefined. */
function basicCredentials(authorization: string | undefined): [string, string] | undefined {
  const encoded = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const formDecode = (text: string): string => new URLSearchParams(`x=${text}`).get('x') ?? text;
  return [formDecode(decoded.slice(0, colon)), formDecode(decoded.slice(colon + 1))];
}
