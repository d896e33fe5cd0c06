import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { DocumentNode } from 'graphql';
import { ClientError, GraphQLClient, type Variables } from 'graphql-request';
import { P2lError } from '../util/errors.js';
import { serverText } from '../util/server-text.js';
import { fetchWhole, isSuccess } from './answer.js';
import { ExecutionErrors, executionErrorsOf, isDeadTokenMessage, roleRefusalOf, summaryOf, type ExecutionError } from './graphql-errors.js';
import { parseJsonBody } from './json-body.js';
import { retrying, type RetryPolicy } from './retry.js';
import { fieldNameAt, readRoleOf } from './roles.js';
import type { Lease, TokenSource } from './token.js';
import { TransientFailure } from './transient.js';

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

/** What one request of `request` needs in its sends: how to treat execution errors, and the token it went with. */
interface Attempt {
  document: DocumentNode;
  operation: string;
  throwExecutionErrors: NonNullable<RequestOptions['throwExecutionErrors']>;
  lease?: Lease;
}

const unparsed: Parsed = { error: new Error('no answer was parsed') };

/**
 * MO's GraphQL API over graphql-request. Transport failures, 429 and 5xx,
 * damaged bodies and execution errors (every error with a `path`, as MO's
 * internal error) are retried below graphql-request (see retrying). A token
 * MO will not take (HTTP 200 "User is not authenticated" from current MO;
 * "Signature has expired" or HTTP 401 from older MO) is renewed and the
 * request sent again, until a token fetched after this request's previous
 * refusal is refused too. A field the client holds no role for ("No policy
 * approved the access") and any other GraphQL error fail at once, since
 * sending the same query again cannot fix them.
 */
export class MoClient {
  readonly traffic: TrafficCounters = { requests: 0, bytesReceived: 0 };

  constructor(private readonly options: MoClientOptions) {}

  async request<TResult, TVariables extends Variables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    options: RequestOptions = {},
  ): Promise<TResult> {
    const { tokens } = this.options;
    // Tokens fetched before this request's latest refusal (by serial): one of them being refused proves nothing.
    let fetchedBeforeRefusal: number | undefined;
    for (;;) {
      const attempt: Attempt = { document, operation: operationName(document), throwExecutionErrors: options.throwExecutionErrors ?? throwNone };
      try {
        return await this.clientFor(attempt).request<TResult, Variables>({ document, variables });
      } catch (error) {
        if (!(error instanceof ClientError)) throw error;
        const messages = (error.response.errors ?? []).map((e) => e.message);
        const refusal = tokenRefusal(error.response.status, messages);
        if (refusal === undefined || attempt.lease === undefined) throw new P2lError(describeRejection(this.options.graphqlUrl, attempt.operation, error.response.status, messages));
        if (fetchedBeforeRefusal !== undefined && attempt.lease.serial > fetchedBeforeRefusal) {
          throw new P2lError(describeFreshTokenRefused(this.options.graphqlUrl, attempt.operation, refusal, tokens.client));
        }
        tokens.invalidate(attempt.lease.value);
        fetchedBeforeRefusal = tokens.fetched;
      }
    }
  }

  /**
   * A graphql-request client for one request, whose fetch hands over the
   * body it parsed through `jsonSerializer`: a body of 100 MB is decoded
   * and parsed once.
   */
  private clientFor(attempt: Attempt): GraphQLClient {
    let parsed = unparsed;
    return new GraphQLClient(this.options.graphqlUrl, {
      fetch: async (url, init) => {
        const sent = await this.send(url, init, attempt);
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
  private async send(url: string | URL | Request, init: RequestInit | undefined, attempt: Attempt): Promise<Sent> {
    const lease = await this.options.tokens.lease();
    attempt.lease = lease;
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${lease.value}`);
    const answered = `MO at ${this.options.graphqlUrl} answered ${attempt.operation}`;
    const answer = await retrying(`MO at ${this.options.graphqlUrl}`, this.options.policy, async (signal) => {
      this.traffic.requests++;
      const whole = await fetchWhole(url, { method: init?.method, body: init?.body, headers }, signal, this.options.policy.fetch);
      this.traffic.bytesReceived += whole.bytes;
      return { ...whole, parsed: this.parsedAnswer(whole.status, whole.text, attempt, answered) };
    });
    // graphql-request reads the (empty) body and then takes `parsed` from jsonSerializer.parse.
    const response = new Response(null, { status: answer.status, statusText: answer.statusText, headers: { 'content-type': 'application/json' } });
    return { response, parsed: answer.parsed };
  }

  /**
   * A successful answer must be JSON without execution errors, else the try
   * failed (TransientFailure, or at once as ExecutionErrors when the caller says so); a
   * missing role fails at once. Any other answer is parsed if it can be,
   * for graphql-request to report.
   */
  private parsedAnswer(status: number, body: string, attempt: Attempt, answered: string): Parsed {
    if (!isSuccess(status)) {
      try {
        return { value: JSON.parse(body) as unknown };
      } catch (error) {
        return { error: error instanceof Error ? error : new Error(String(error)) };
      }
    }
    const value = parseJsonBody(body, { answered: `answered ${attempt.operation}`, notJsonHint: 'is mora.base MO?' });
    const refused = roleRefusalOf(value);
    if (refused !== undefined) throw new P2lError(describeMissingRole(this.options.graphqlUrl, attempt, refused, this.options.tokens.client.clientId));
    const errors = executionErrorsOf(value);
    if (errors === undefined) return { value };
    if (attempt.throwExecutionErrors(errors)) throw new ExecutionErrors(errors, answered);
    throw new TransientFailure(`answered ${attempt.operation} with ${summaryOf(errors)}`, { hint: "is MO up and well? MO's log says what failed" });
  }
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

function describeMissingRole(url: string, attempt: Attempt, refused: ExecutionError, clientId: string): string {
  const field = fieldNameAt(attempt.document, refused.path) ?? 'a field';
  const role = readRoleOf(field);
  const where = `"${serverText(refused.message)}" at ${serverText(refused.path.join('.'))}`;
  if (role === undefined) return `MO at ${url} refused ${attempt.operation} (${where}): client "${clientId}" lacks the Keycloak role MO requires to read ${field}; give it that role in Keycloak`;
  return (
    `MO at ${url} refused ${attempt.operation} (${where}): client "${clientId}" needs Keycloak role ${role.role} to read MO's ${role.collection} collection; ` +
    'give it that role in Keycloak'
  );
}

function describeRejection(url: string, operation: string, status: number, messages: string[]): string {
  if (messages.length > 0) {
    return `MO at ${url} rejected ${operation}: ${serverText(messages.join('; '))} (is this MO's GraphQL v29 or later? \`npm run schema:check\` shows which fields are missing)`;
  }
  return `MO at ${url} answered ${operation} with HTTP ${status}: check mora.base`;
}
