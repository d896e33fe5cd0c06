/**
 * The MO simulator: MO's GraphQL API (v29) and Keycloak's token endpoint
 * over a dataset, as a real HTTP server on 127.0.0.1.
 *
 * - POST /auth/realms/mo/protocol/openid-connect/token: client credentials.
 * - POST /graphql/v29 (and each newer version up to `newestVersion`): the
 *   schema of graphql/schema.graphql with MO's semantics.
 * - GET /graphql/vN/schema.graphql: that schema's SDL.
 * - GET /graphql: a redirect to the newest version.
 * - GET /lora/...: LoRa's OIO REST API over the same dataset (lora/routes.ts).
 *
 * Faults: queued ones (queueFaults, for tests that need an exact sequence)
 * come first; otherwise a FaultSpec's seeded draws (fault-spec.ts) decide.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError, execute, parse, print, validate, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Dataset } from '../dataset/format.js';
import { moGraphqlVersion } from '../mo/versions.js';
import { schemaFile } from '../schema/documents.js';
import { TokenIssuer, type TokenState } from './auth.js';
import type { PaginationMode } from './cursor.js';
import { faultDrawer } from './fault-draw.js';
import { graphqlInternalError, loraInternalError, replyInstead, withDamage } from './fault-replies.js';
import { faultKinds, noFaults, type FaultKind, type FaultSpec } from './fault-spec.js';
import { FaultQueue, type Fault } from './faults.js';
import { json, readBody, send, type Reply } from './http.js';
import { loraApi } from './lora/routes.js';
import { memo } from './memo.js';
import type { DarFailures } from './dar.js';
import { buildSimulatorSchema } from './resolvers.js';
import { countResolvedObjects, type ObjectCounts } from './counting.js';
import { enforceRoles } from './roles.js';
import { buildStore } from './store.js';

export type { Fault } from './faults.js';
export type { FaultKind, FaultSpec } from './fault-spec.js';
export type { DarFailures } from './dar.js';

export type DeadTokenAnswer = 'not-authenticated' | 'http-401' | 'signature-expired';
export type { PaginationMode } from './cursor.js';

export interface SimulatorOptions {
  dataset: Dataset;
  /** Default 0: a free port. */
  port?: number;
  /** client_id -> client_secret; default { dipex: 'dipex-secret' }. */
  clients?: Record<string, string>;
  /** Default 300. */
  tokenLifetimeSeconds?: number;
  /** The server's clock (default: real time): for token expiry, and MO's "now" wherever a query leaves a moment out. */
  now?: () => Date;
  /**
   * How /graphql/v29 answers a missing, unknown or expired token:
   * 'not-authenticated' (default) as current MO does, HTTP 200 with the
   * error "User is not authenticated" (no path); 'http-401' or
   * 'signature-expired' (HTTP 200, that error) as older MO did. LoRa's
   * REST API answers HTTP 401 whatever this is.
   */
  expiredTokenAnswer?: DeadTokenAnswer;
  /**
   * The Keycloak roles of clients that do not hold them all: client_id ->
   * roles (e.g. read_manager). A client not listed holds every role. A field
   * its token may not read is answered as MO does (roles.ts).
   */
  clientRoles?: Readonly<Record<string, readonly string[]>>;
  /** Faults drawn at random for GraphQL and LoRa requests, and the token endpoint's faults. Default: none. */
  faults?: FaultSpec;
  /**
   * How the top-level collections page (cursor.ts): 'keyset' as MO pages
   * since June 2026 (the default), or 'offset' as it paged before.
   */
  pagination?: PaginationMode;
  /**
   * MO's newest GraphQL version (default 30, as MO's master of 2026-08-21):
   * every version from p2l's (29) to it is served, with the same schema and
   * semantics (v30 differs only in an `itusers` filter the simulator does not
   * serve), and GET /graphql redirects to it, as MO's router does.
   */
  newestVersion?: number;
  /**
   * Fields ("Type.field") to leave out of the served schema: an MO whose
   * upgrade dropped a field the exporter asks for (for p2l check's tests).
   */
  withoutFields?: readonly string[];
  /**
   * How DAR fails while MO answers (dar.ts): DAR UUIDs it no longer knows,
   * DAR down, or lookups that time out. Default: DAR answers every address
   * the dataset gives `dar` fields.
   */
  darFailures?: DarFailures;
}

/** The injected faults, by kind; `token-down` counts the token requests answered 503. */
export type InjectedFaults = Record<FaultKind | 'token-down', number>;

/**
 * Live counters (the same object throughout; resetStats zeroes it in place).
 * - graphqlRequests: every POST to /graphql/v29, whatever its answer (faults and refused tokens included);
 * - loraRequests: every request to /lora/..., likewise;
 * - tokenRequests: every POST to the token endpoint;
 * - byOperation: the GraphQL requests that got past faults and the token check, by operation name
 *   (`operationName`, else the document's first operation's name, else "(anonymous)");
 * - bytesSent: response body bytes of every answer;
 * - objects: the objects resolved, by GraphQL type (each version, reference
 *   and validity counts; counting.ts), and LoRa's objects served, by path
 *   (`lora:organisation/bruger`).
 */
export interface SimulatorStats {
  graphqlRequests: number;
  loraRequests: number;
  tokenRequests: number;
  byOperation: Record<string, number>;
  bytesSent: number;
  objects: ObjectCounts;
}

export interface RunningSimulator {
  /** mora.base, e.g. http://127.0.0.1:41234: GraphQL at `${url}/graphql/v29`, Keycloak base `${url}/auth`. */
  url: string;
  port: number;
  stats: SimulatorStats;
  /** Live counters of the faults the FaultSpec injected (queued faults are not counted); zeroed by resetStats. */
  faultsInjected: Readonly<InjectedFaults>;
  resetStats(): void;
  /** Applied in order to the next GraphQL and LoRa requests; see Fault. */
  queueFaults(...faults: Fault[]): void;
  /** Every token issued so far is expired from now on. */
  expireTokens(): void;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;
const tokenPath = /^\/auth\/realms\/([^/]+)\/protocol\/openid-connect\/token$/;
const graphqlPath = /^\/graphql\/v(\d+)(?:\/schema\.graphql)?$/;
const notFound = json(404, { detail: 'Not Found' });
type Refusal = Exclude<TokenState, 'valid'>;

/** HTTP 401 for a token not taken, by why: LoRa's REST API, and older MO's GraphQL. */
const http401: Readonly<Record<Refusal, Reply>> = {
  missing: json(401, { detail: 'Not authenticated' }),
  unknown: json(401, { detail: 'Not authenticated' }),
  expired: json(401, { detail: 'Signature has expired.' }),
};
const allRefusals = (reply: Reply): Record<Refusal, Reply> => ({ missing: reply, unknown: reply, expired: reply });

/** /graphql/v29's answers to a token not taken. Current MO: tests/graphapi/test_healths.py (test_unauthorized_healths_endpoint). */
const deadTokenAnswers: Readonly<Record<DeadTokenAnswer, Readonly<Record<Refusal, Reply>>>> = {
  'not-authenticated': allRefusals(json(200, { data: null, errors: [{ message: 'User is not authenticated' }] })),
  'http-401': http401,
  'signature-expired': allRefusals(json(200, { data: null, errors: [{ message: 'Signature has expired.' }] })),
};

interface GraphQLBody {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request's {query, variables, operationName}, or the reason it is not one. */
function graphQLBodyOf(text: string): GraphQLBody | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return `the body is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!isRecord(body) || typeof body.query !== 'string') return 'the body must be a JSON object with a string "query"';
  const { variables, operationName } = body;
  if (variables != null && !isRecord(variables)) return '"variables" must be an object';
  if (operationName != null && typeof operationName !== 'string') return '"operationName" must be a string';
  return { query: body.query, variables: variables ?? undefined, operationName: operationName ?? undefined };
}

function operationNameOf(body: GraphQLBody, document: DocumentNode | undefined): string {
  if (body.operationName !== undefined) return body.operationName;
  const first = document?.definitions.find((definition) => definition.kind === 'OperationDefinition');
  return (first?.kind === 'OperationDefinition' ? first.name?.value : undefined) ?? '(anonymous)';
}

/** What a proxy answers while Keycloak is down (a refused connection cannot be had on a shared port). */
const tokenDown = json(503, { detail: 'simulated fault: Keycloak is down' });

/** A GraphQL answer: always HTTP 200, `data` null when there is none, `errors` only when there are some. */
const graphqlResult = (data: unknown, errors: readonly GraphQLError[] | undefined): Reply =>
  json(200, { data: data ?? null, ...(errors ? { errors: errors.map((error) => error.toJSON()) } : {}) });

/** The parsed and validated document, or its errors. */
function checkedDocument(schema: GraphQLSchema, query: string): DocumentNode | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
  }
  const errors = validate(schema, document);
  return errors.length > 0 ? errors : document;
}

const isDocument = (value: DocumentNode | readonly GraphQLError[]): value is DocumentNode => !Array.isArray(value);

/** The schema text without the given fields. */
function withoutFields(sdl: string, fields: readonly string[]): string {
  if (fields.length === 0) return sdl;
  const dropped = new Set(fields);
  const document = visit(parse(sdl), {
    ObjectTypeDefinition(node) {
      return { ...node, fields: (node.fields ?? []).filter((field) => !dropped.has(`${node.name.value}.${field.name.value}`)) };
    },
  });
  return print(document);
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const now = options.now ?? (() => new Date());
  const sdl = withoutFields(await readFile(schemaFile, 'utf8'), options.withoutFields ?? []);
  const store = buildStore(options.dataset);
  const schema: GraphQLSchema = buildSimulatorSchema(sdl, store, { darFailures: options.darFailures });
  countResolvedObjects(schema, () => stats.objects);
  const lora = loraApi(options.dataset, store, now().getTime(), (path, objects) => {
    stats.objects[`lora:${path}`] = (stats.objects[`lora:${path}`] ?? 0) + objects;
  });
  const spec = options.faults ?? noFaults;
  const tokens = new TokenIssuer({
    clients: options.clients ?? { dipex: 'dipex-secret' },
    lifetimeSeconds: spec.tokenLifetimeSeconds ?? options.tokenLifetimeSeconds ?? 300,
    now,
  });
  let tokenDownUntil: number | undefined;
  const draw = faultDrawer(spec);
  const noneInjected = (): InjectedFaults => Object.fromEntries([...faultKinds, 'token-down'].map((kind) => [kind, 0])) as InjectedFaults;
  const faultsInjected = noneInjected();
  const deadTokenAnswer = deadTokenAnswers[options.expiredTokenAnswer ?? 'not-authenticated'];
  const clientRoles = new Map(Object.entries(options.clientRoles ?? {}).map(([clientId, roles]) => [clientId, new Set(roles)]));
  if (clientRoles.size > 0) enforceRoles(schema);
  const pagination = options.pagination ?? 'keyset';
  const faults = new FaultQueue();
  const newestVersion = options.newestVersion ?? 30;
  // A relative Location, as MO's RedirectResponse gives it (status 307).
  const newestRedirect: Reply = { status: 307, body: '', headers: { location: `/graphql/v${newestVersion}` } };
  const stats: SimulatorStats = { graphqlRequests: 0, loraRequests: 0, tokenRequests: 0, byOperation: {}, bytesSent: 0, objects: {} };
  const timers = new Set<NodeJS.Timeout>();
  // An exporter sends the same few documents over and over.
  const documents = memo<DocumentNode | readonly GraphQLError[]>(64);

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** The next queued fault's answer, after its delay; undefined when the request is to be answered normally. */
  async function faultReply(): Promise<Reply | undefined> {
    const fault = faults.take();
    if (fault && 'status' in fault) {
      const headers = fault.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(fault.retryAfterSeconds) };
      return json(fault.status, { detail: `simulated fault: HTTP ${fault.status}` }, headers);
    }
    if (fault) await sleep(fault.delayMs);
    return undefined;
  }

  /** The drawn fault of a request, after its drawn latency. */
  async function drawnFault(): Promise<FaultKind | undefined> {
    const { delayMs, kind } = draw();
    if (kind) faultsInjected[kind] += 1;
    if (delayMs > 0) await sleep(delayMs);
    return kind;
  }

  /** The queued fault's answer, else the drawn fault's answer or the real one, damaged as drawn. */
  async function withFaults(answer: (internalError: boolean) => Promise<Reply>): Promise<Reply> {
    const queued = await faultReply();
    if (queued) return queued;
    const kind = await drawnFault();
    return replyInstead(kind, spec.retryAfterSeconds) ?? withDamage(await answer(kind === 'internal'), kind);
  }

  /** The steps in order: body size, count, faults, token, JSON, then GraphQL (parse, validate, execute). */
  async function graphqlReply(request: IncomingMessage): Promise<Reply> {
    const text = await readBody(request, maxBodyBytes);
    stats.graphqlRequests += 1;
    if (text === undefined) return json(413, { detail: 'Request body too large' });
    return withFaults((internalError) => graphqlAnswer(request, text, internalError));
  }

  async function graphqlAnswer(request: IncomingMessage, text: string, internalError: boolean): Promise<Reply> {
    const tokenState = tokens.check(request.headers.authorization);
    if (tokenState !== 'valid') return deadTokenAnswer[tokenState];
    const body = graphQLBodyOf(text);
    if (typeof body === 'string') return json(400, { detail: body });
    const document = documents(body.query, () => checkedDocument(schema, body.query));
    const operation = operationNameOf(body, isDocument(document) ? document : undefined);
    stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
    if (!isDocument(document)) return graphqlResult(null, document);
    if (internalError) return graphqlInternalError(document, body.operationName);
    const result = await execute({
      schema,
      document,
      variableValues: body.variables,
      operationName: body.operationName,
      contextValue: { now: now().getTime(), pagination, roles: clientRoles.get(tokens.clientOf(request.headers.authorization) ?? '') },
    });
    return graphqlResult(result.data, result.errors);
  }

  /** Count, faults, token (refused with HTTP 401: LoRa has no GraphQL errors), then LoRa. */
  async function loraReply(request: IncomingMessage, url: URL): Promise<Reply> {
    request.resume();
    stats.loraRequests += 1;
    return withFaults(async (internalError) => {
      const tokenState = tokens.check(request.headers.authorization);
      if (tokenState !== 'valid') return http401[tokenState];
      if (request.method !== 'GET') return json(405, { detail: 'Method Not Allowed' });
      if (internalError) return loraInternalError;
      return lora.answer(url.pathname, url.searchParams, now().getTime());
    });
  }

  async function tokenReply(request: IncomingMessage, realm: string): Promise<Reply> {
    const text = await readBody(request, maxBodyBytes);
    stats.tokenRequests += 1;
    tokenDownUntil ??= performance.now() + spec.tokenDownMs;
    if (performance.now() < tokenDownUntil) {
      faultsInjected['token-down'] += 1;
      return tokenDown;
    }
    if (realm !== 'mo') return json(404, { error: 'Realm does not exist' });
    if (text === undefined) return json(413, { error: 'invalid_request', error_description: 'Request body too large' });
    return tokens.tokenReply(text, request.headers);
  }

  /** The served version a GraphQL path names, or undefined. */
  function servedVersion(path: string): number | undefined {
    const version = Number(graphqlPath.exec(path)?.[1]);
    return version >= moGraphqlVersion && version <= newestVersion ? version : undefined;
  }

  async function route(request: IncomingMessage): Promise<Reply> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const path = url.pathname;
    const realm = tokenPath.exec(path)?.[1];
    if (path.startsWith('/lora/')) return loraReply(request, url);
    const version = servedVersion(path);
    if (request.method === 'POST' && version !== undefined && path.endsWith(`/v${version}`)) return graphqlReply(request);
    if (request.method === 'GET' && version !== undefined && path.endsWith('/schema.graphql')) return { status: 200, body: sdl };
    if (request.method === 'GET' && (path === '/graphql' || path === '/graphql/')) return newestRedirect;
    if (request.method === 'POST' && realm !== undefined) return tokenReply(request, realm);
    request.resume();
    return notFound;
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    route(request)
      .catch((error: unknown) => json(500, { detail: `simulator error: ${error instanceof Error ? error.message : String(error)}` }))
      .then((reply) => {
        stats.bytesSent += send(response, reply);
      })
      .catch(() => response.destroy());
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    faultsInjected,
    resetStats() {
      Object.assign(stats, { graphqlRequests: 0, loraRequests: 0, tokenRequests: 0, bytesSent: 0 });
      stats.byOperation = {};
      stats.objects = {};
      Object.assign(faultsInjected, noneInjected());
    },
    queueFaults: (...queued: Fault[]) => faults.add(queued),
    expireTokens: () => tokens.expireAll(),
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
