import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ClientError, GraphQLClient, type Variables } from 'graphql-request';
import { P2lError } from '../util/errors.js';
import { retrying, type RetryPolicy } from './retry.js';
import type { TokenSource } from './token.js';

export interface MoClientOptions {
  /** `<mora.base>/graphql/v29` */
  graphqlUrl: string;
  tokens: TokenSource;
  policy: RetryPolicy;
}

/** What one client has sent and received, for progress and benchmarks. */
export interface TrafficCounters {
  requests: number;
  bytesReceived: number;
}

const expiredSignature = /signature has expired/i;

/**
 * MO's GraphQL API over graphql-request. Transport failures are retried
 * below graphql-request (see retrying); an expired token (HTTP 401, or an
 * error saying "signature has expired") is renewed and the request sent once
 * more; any other GraphQL error fails at once, since sending the same query
 * again cannot fix it.
 */
export class MoClient {
  readonly traffic: TrafficCounters = { requests: 0, bytesReceived: 0 };
  private readonly client: GraphQLClient;

  constructor(private readonly options: MoClientOptions) {
    this.client = new GraphQLClient(options.graphqlUrl, { fetch: (url, init) => this.send(url, init) });
  }

  async request<TResult, TVariables extends Variables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<TResult> {
    const operation = operationName(document);
    for (let renewed = false; ; renewed = true) {
      try {
        return await this.client.request<TResult, Variables>({ document, variables });
      } catch (error) {
        if (error instanceof ClientError) {
          const messages = (error.response.errors ?? []).map((e) => e.message);
          const expired = error.response.status === 401 || messages.some((m) => expiredSignature.test(m));
          if (expired && !renewed) continue;
          throw new P2lError(describeRejection(this.options.graphqlUrl, operation, error.response.status, messages, expired));
        }
        throw error;
      }
    }
  }

  /** The fetch graphql-request uses: a bearer token, retries, a whole body read within the time-out. */
  private async send(url: string | URL | Request, init: RequestInit | undefined): Promise<Response> {
    const token = await this.options.tokens.token();
    let body = new ArrayBuffer(0);
    const response = await retrying(`MO at ${this.options.graphqlUrl}`, this.options.policy, async (signal) => {
      this.traffic.requests++;
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      const answer = await fetch(url, { ...init, headers, signal });
      body = await answer.arrayBuffer();
      this.traffic.bytesReceived += body.byteLength;
      return new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
    });
    if (response.status === 401 || saysSignatureExpired(body)) this.options.tokens.invalidate(token);
    return response;
  }
}

/** An expired token can also come back as a small GraphQL error answer with HTTP 200. */
function saysSignatureExpired(body: ArrayBuffer): boolean {
  return body.byteLength < 4096 && expiredSignature.test(new TextDecoder().decode(body));
}

function operationName(document: TypedDocumentNode<unknown, never>): string {
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition' && definition.name) return definition.name.value;
  }
  return 'query';
}

function describeRejection(url: string, operation: string, status: number, messages: string[], expired: boolean): string {
  if (expired) return `MO at ${url} rejected a freshly renewed token for ${operation} (HTTP ${status}): check the client's roles in Keycloak and crontab.AUTH_SERVER`;
  if (messages.length > 0) {
    return `MO at ${url} rejected ${operation}: ${messages.join('; ')} (is this MO's GraphQL v29 or later? \`npm run schema:check\` shows which fields are missing)`;
  }
  return `MO at ${url} answered ${operation} with HTTP ${status}: check mora.base`;
}
