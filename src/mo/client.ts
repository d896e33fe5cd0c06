import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { DocumentNode } from 'graphql';
import { ClientError, GraphQLClient, type GraphQLResponse, type RequestMiddleware, type Variables } from 'graphql-request';
import { isSuccess } from '../http/answer.js';
import { UnreadableBody, parseJson, type JsonBodyContext } from '../http/json-body.js';
import { retrying, type RetryPolicy } from '../http/retry.js';
import type { Fetch } from '../http/tls.js';
import type { Lease, TokenSource } from '../http/token.js';
import { countingFetch, type TrafficCounters } from '../http/traffic.js';
import { TransientFailure, isTransientStatus, retryAfterMs } from '../http/transient.js';
import { P2lError } from '../util/errors.js';
import { serverText } from '../util/server-text.js';
import { ExecutionErrors, executionErrorsOf, isDeadTokenMessage, messagesOf, roleRefusalOf, summaryOf, type ExecutionError } from './graphql-errors.js';
import { fieldNameAt, readRoleOf } from './roles.js';

export interface MoClientOptions {
  /** `<mora.base>/graphql/v29` */
  graphqlUrl: string;
  tokens: TokenSource;
  policy: RetryPolicy;
}

export interface RequestOptions {
  /**
   * Which answers whose errors all carry a path (MO's execution errors) are
   * thrown at once as ExecutionErrors, because the caller knows that sending
   * the same request again cannot help (a DAR address that DAR does not
   * know). The others are tried again as after a 5xx. Default: none. A
   * missing role fails at once either way.
   */
  throwExecutionErrors?: (errors: readonly ExecutionError[]) => boolean;
}

const throwNone = (): boolean => false;

/** One call of `request`: what its failures are named by and how its execution errors are treated. */
interface Sent {
  document: DocumentNode;
  operation: string;
  throwExecutionErrors: NonNullable<RequestOptions['throwExecutionErrors']>;
}

/** MO refused the token a try went with; `request` renews it and sends again, outside the retries. */
class TokenRefused extends P2lError {
  constructor(
    /** How: `HTTP 401`, or MO's message in quotes. */
    readonly refusal: string,
    readonly lease: Lease,
  ) {
    super(`MO refused the token (${refusal})`);
    this.name = 'TokenRefused';
  }
}

const notMoHint = 'is mora.base MO?';

/**
 * MO's GraphQL API over one graphql-request client. Each request is a
 * series of tries (see retrying), each one `client.request`: transport
 * failures, 429 and 5xx, bodies cut short or no JSON, and execution errors
 * (every error with a `path`, as MO's internal error) fail the try and are
 * tried again. The token goes in through the client's request middleware. A
 * token MO will not take (HTTP 200 "User is not authenticated" from current
 * MO; "Signature has expired" or HTTP 401 from older MO) is renewed and the
 * request sent again, until a token fetched after this request's previous
 * refusal is refused too. A field the client holds no role for ("No policy
 * approved the access") and any other GraphQL error or HTTP status fail at
 * once, since sending the same query again cannot fix them.
 */
export class MoClient {
  readonly traffic: TrafficCounters = { requests: 0, bytesReceived: 0 };
  private readonly graphql: GraphQLClient;
  /**
   * The token each try goes with, by the try's signal, the one thing of a
   * try that graphql-request hands on to the middleware. The token is
   * fetched before the tries (waiting for Keycloak is no part of MO's time-out
   * for one try) and kept for their retries, and a refusal must know which
   * token was refused.
   */
  private readonly leases = new WeakMap<AbortSignal, Lease>();

  constructor(private readonly options: MoClientOptions) {
    this.graphql = new GraphQLClient(options.graphqlUrl, {
      fetch: jsonAnswersOnly(countingFetch(options.policy.fetch ?? fetch, this.traffic)),
      requestMiddleware: this.withToken,
      jsonSerializer: { stringify: (value: unknown) => JSON.stringify(value), parse: parseJson },
    });
  }

  private get server(): string {
    return `MO at ${this.options.graphqlUrl}`;
  }

  async request<TResult, TVariables extends Variables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    options: RequestOptions = {},
  ): Promise<TResult> {
    const { tokens, policy } = this.options;
    const sent: Sent = { document, operation: operationName(document), throwExecutionErrors: options.throwExecutionErrors ?? throwNone };
    // Tokens fetched before this request's latest refusal (by serial): one of them being refused proves nothing.
    let fetchedBeforeRefusal: number | undefined;
    for (;;) {
      const lease = await tokens.lease();
      try {
        return await retrying(this.server, policy, (signal) => this.tryOnce(document, variables, { signal, lease, sent }));
      } catch (error) {
        if (!(error instanceof TokenRefused)) throw error;
        if (fetchedBeforeRefusal !== undefined && error.lease.serial > fetchedBeforeRefusal) {
          throw new P2lError(describeFreshTokenRefused(this.options.graphqlUrl, sent.operation, error.refusal, tokens.client));
        }
        tokens.invalidate(error.lease.value);
        fetchedBeforeRefusal = tokens.fetched;
      }
    }
  }

  /** One try: the answer's data, or the failure it is (see failureOf). */
  private async tryOnce<TResult, TVariables extends Variables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    { signal, lease, sent }: { signal: AbortSignal; lease: Lease; sent: Sent },
  ): Promise<TResult> {
    this.leases.set(signal, lease);
    try {
      return await this.graphql.request<TResult, Variables>({ document, variables, signal });
    } catch (error) {
      throw this.failureOf(error, sent, lease);
    }
  }

  /** The request with its try's bearer token. */
  private readonly withToken: RequestMiddleware = (request) => {
    const lease = request.signal ? this.leases.get(request.signal) : undefined;
    if (lease === undefined) throw new Error('MoClient: a request was sent outside its tries');
    const headers = new Headers(request.headers);
    headers.set('authorization', `Bearer ${lease.value}`);
    return { ...request, headers };
  };

  /**
   * What a failed `client.request` means: a TransientFailure to try again
   * (429 and 5xx, a body cut short or no JSON, execution errors the caller
   * did not ask for), ExecutionErrors the caller asked for, a refused token,
   * or a P2lError that ends the request (a missing role, any other error or
   * status). Anything else (the network, a time-out) goes as it came, for
   * retrying to judge.
   */
  private failureOf(error: unknown, sent: Sent, lease: Lease): unknown {
    if (error instanceof UnreadableBody) return error.failure(this.bodyContext(sent));
    if (!(error instanceof ClientError)) return error;
    const answer = error.response;
    if (isTransientStatus(answer.status))
      return new TransientFailure(`HTTP ${answer.status}`, { retryAfterMs: retryAfterMs(answer.headers.get('retry-after')) });
    if (isSuccess(answer.status)) {
      const failure = this.failureOfErrors(answer, sent);
      if (failure !== undefined) return failure;
    }
    const messages = messagesOf(answer);
    const refusal = tokenRefusal(answer.status, messages);
    if (refusal !== undefined) return new TokenRefused(refusal, lease);
    return new P2lError(describeRejection(this.options.graphqlUrl, sent.operation, answer.status, messages));
  }

  /** A missing role (at once), or execution errors (thrown or retried as the caller asked); undefined for other errors. */
  private failureOfErrors(answer: GraphQLResponse, sent: Sent): Error | undefined {
    const refused = roleRefusalOf(answer);
    if (refused !== undefined) return new P2lError(describeMissingRole(this.options.graphqlUrl, sent, refused, this.options.tokens.client.clientId));
    const errors = executionErrorsOf(answer);
    if (errors === undefined) return undefined;
    if (sent.throwExecutionErrors(errors)) return new ExecutionErrors(errors, `${this.server} answered ${sent.operation}`);
    return new TransientFailure(`answered ${sent.operation} with ${summaryOf(errors)}`, { hint: "is MO up and well? MO's log says what failed" });
  }

  private bodyContext(sent: Sent): JsonBodyContext {
    return { answered: `answered ${sent.operation}`, notJsonHint: notMoHint };
  }
}

const saysJson = (contentType: string | null): boolean => contentType !== null && /\bapplication\/(graphql-response\+)?json\b/i.test(contentType);

/**
 * `send`, refusing a successful answer that does not say it is JSON (a
 * proxy's or a login page) as an UnreadableBody that says what it was:
 * graphql-request reads such a body as no answer at all, without its text.
 */
function jsonAnswersOnly(send: Fetch): Fetch {
  return async (url, init) => {
    const response = await send(url, init);
    const contentType = response.headers.get('content-type');
    if (!isSuccess(response.status) || saysJson(contentType)) return response;
    parseJson(await response.text());
    throw new UnreadableBody(`with JSON labelled "${serverText(contentType ?? 'no content-type')}" rather than application/json`, true);
  };
}

function operationName(document: TypedDocumentNode<unknown, never>): string {
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition' && definition.name) return definition.name.value;
  }
  return 'query';
}

/** How MO refused the token (`HTTP 401`, or its message), or undefined when the answer is not about the token. */
function tokenRefusal(status: number, messages: readonly string[]): string | undefined {
  if (status === 401) return 'HTTP 401';
  const message = messages.find(isDeadTokenMessage);
  return message === undefined ? undefined : `"${serverText(message)}"`;
}

function describeFreshTokenRefused(url: string, operation: string, refusal: string, client: { tokenUrl: string; clientId: string }): string {
  return (
    `MO at ${url} refused a token just fetched from Keycloak at ${client.tokenUrl} for client "${client.clientId}" (${operation}: ${refusal}): ` +
    "check that crontab.AUTH_SERVER and the realm are the Keycloak MO trusts, that the client is enabled there, and MO's and Keycloak's clocks"
  );
}

function describeMissingRole(url: string, sent: Sent, refused: ExecutionError, clientId: string): string {
  const field = fieldNameAt(sent.document, refused.path) ?? 'a field';
  const role = readRoleOf(field);
  const where = `"${serverText(refused.message)}" at ${serverText(refused.path.join('.'))}`;
  if (role === undefined)
    return `MO at ${url} refused ${sent.operation} (${where}): client "${clientId}" lacks the Keycloak role MO requires to read ${field}; give it that role in Keycloak`;
  return (
    `MO at ${url} refused ${sent.operation} (${where}): client "${clientId}" needs Keycloak role ${role.role} to read MO's ${role.collection} collection; ` +
    'give it that role in Keycloak'
  );
}

function describeRejection(url: string, operation: string, status: number, messages: string[]): string {
  if (messages.length > 0) {
    return `MO at ${url} rejected ${operation}: ${serverText(messages.join('; '))} (is this MO's GraphQL v29 or later? \`npm run schema:check\` shows which fields are missing)`;
  }
  return `MO at ${url} answered ${operation} with HTTP ${status}: check mora.base`;
}
