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
  /** token -> when it expires (epoch ms) and the client it was issued to */
  private readonly issued = new Map<string, { expiry: number; clientId: string }>();

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
    return json(200, this.issue(clientId));
  }

  /** The state of the bearer token in an Authorization header. */
  check(authorization: string | undefined): TokenState {
    const token = bearerToken(authorization);
    if (token === undefined) return 'missing';
    const issued = this.issued.get(token);
    if (issued === undefined) return 'unknown';
    return this.options.now().getTime() >= issued.expiry ? 'expired' : 'valid';
  }

  /** The client the bearer token in an Authorization header was issued to, if it was. */
  clientOf(authorization: string | undefined): string | undefined {
    const token = bearerToken(authorization);
    return token === undefined ? undefined : this.issued.get(token)?.clientId;
  }

  /** Every token issued so far is expired from now on. */
  expireAll(): void {
    for (const issued of this.issued.values()) issued.expiry = -Infinity;
  }

  private issue(clientId: string): Record<string, unknown> {
    const token = randomBytes(32).toString('base64url');
    const lifetime = this.options.lifetimeSeconds;
    this.issued.set(token, { expiry: this.options.now().getTime() + lifetime * 1000, clientId });
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

const bearerToken = (authorization: string | undefined): string | undefined => /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];

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
