import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ClientError, GraphQLClient, type Variables } from 'graphql-request';
import { P2lError } from '../util/errors.js';
import { fetchWhole, isSuccess } from './answer.js';
import { executionErrorSummary, isExpiredSignature, saysTokenExpired } from './graphql-errors.js';
import { parseJsonBody } from './json-body.js';
import { retrying, type RetryPolicy } from './retry.js';
import type { TokenSource } from './token.js';
import { TransientFailure } from './transient.js';

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

/** A body parsed once, in the retried try, for graphql-request to take as is. */
type Parsed = { value: unknown } | { error: Error };

interface Sent {
  response: Response;
  parsed: Parsed;
}

const unparsed: Parsed = { error: new Error('no answer was parsed') };

/**
 * MO's GraphQL API over graphql-request. Transport failures, 429 and 5xx,
 * damaged bodies and execution errors (every error with a `path`, as MO's
 * internal error) are retried below graphql-request (see retrying); an
 * expired token (HTTP 401, or an error saying "signature has expired") is
 * renewed and the request sent once more; any other GraphQL error fails at
 * once, since sending the same query again cannot fix it.
 */
export class MoClient {
  readonly traffic: TrafficCounters = { requests: 0, bytesReceived: 0 };

  constructor(private readonly options: MoClientOptions) {}

  async request<TResult, TVariables extends Variables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<TResult> {
    const operation = operationName(document);
    for (let renewed = false; ; renewed = true) {
      try {
        return await this.clientFor(operation).request<TResult, Variables>({ document, variables });
      } catch (error) {
        if (error instanceof ClientError) {
          const messages = (error.response.errors ?? []).map((e) => e.message);
          const expired = error.response.status === 401 || messages.some(isExpiredSignature);
          if (expired && !renewed) continue;
          throw new P2lError(describeRejection(this.options.graphqlUrl, operation, error.response.status, messages, expired));
        }
        throw error;
      }
    }
  }

  /**
   * A graphql-request client for one request, whose fetch hands over the
   * body it parsed through `jsonSerializer`: a body of 100 MB is decoded
   * and parsed once.
   */
  private clientFor(operation: string): GraphQLClient {
    let parsed = unparsed;
    return new GraphQLClient(this.options.graphqlUrl, {
      fetch: async (url, init) => {
        const sent = await this.send(url, init, operation);
        parsed = sent.parsed;
        return sent.response;
      },
      jsonSerializer: {
        stringify: (value: unknown) => JSON.stringify(value),
        parse: () => {
          if ('error' in parsed) throw parsed.error;
          return parsed.value;
        },
      },
    });
  }

  /** One request with a bearer token and retries, the whole body read and parsed within the try. */
  private async send(url: string | URL | Request, init: RequestInit | undefined, operation: string): Promise<Sent> {
    const token = await this.options.tokens.token();
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    const answer = await retrying(`MO at ${this.options.graphqlUrl}`, this.options.policy, async (signal) => {
      this.traffic.requests++;
      const whole = await fetchWhole(url, { method: init?.method, body: init?.body, headers }, signal, this.options.policy.fetch);
      this.traffic.bytesReceived += whole.bytes;
      return { ...whole, parsed: parsedAnswer(whole.status, whole.text, operation) };
    });
    if (answer.status === 401 || ('value' in answer.parsed && saysTokenExpired(answer.parsed.value))) this.options.tokens.invalidate(token);
    // graphql-request reads the (empty) body and then takes `parsed` from jsonSerializer.parse.
    const response = new Response(null, { status: answer.status, statusText: answer.statusText, headers: { 'content-type': 'application/json' } });
    return { response, parsed: answer.parsed };
  }
}

/**
 * A successful answer must be JSON without execution errors, else the try
 * failed (TransientFailure); any other answer is parsed if it can be, for
 * graphql-request to report.
 */
function parsedAnswer(status: number, body: string, operation: string): Parsed {
  if (!isSuccess(status)) {
    try {
      return { value: JSON.parse(body) as unknown };
    } catch (error) {
      return { error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
  const value = parseJsonBody(body, { answered: `answered ${operation}`, notJsonHint: 'is mora.base MO?' });
  const executionError = executionErrorSummary(value);
  if (executionError !== undefined) {
    throw new TransientFailure(`answered ${operation} with ${executionError}`, { hint: "is MO up and well? MO's log says what failed" });
  }
  return { value };
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
