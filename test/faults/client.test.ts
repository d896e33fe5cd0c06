/**
 * The clients' answer to each fault class, in process against scripted
 * servers: execution errors retried and request errors not, dead tokens
 * renewed, missing roles not retried, damaged bodies retried, Retry-After
 * honoured, and the run's deadline.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoraClient, windowFromToday } from '../../src/lora/client.js';
import { fetchWhole } from '../../src/http/answer.js';
import { MoClient } from '../../src/mo/client.js';
import { ExecutionErrors } from '../../src/mo/graphql-errors.js';
import { retryPolicyOf } from '../../src/http/from-settings.js';
import { runDeadline } from '../../src/http/deadline.js';
import { retrying, type RetryPolicy } from '../../src/http/retry.js';
import { TokenSource } from '../../src/http/token.js';
import { resolveSettings } from '../../src/settings/load.js';
import { SettingsError } from '../../src/util/errors.js';
import { failureOf } from '../ship/fixtures.js';
import { hang, scriptServer, type ScriptServer, type Scripted } from './http-server.js';

const fast: RetryPolicy = { retries: 3, minDelayMs: 10, maxDelayMs: 50, timeoutMs: 5_000 };
const probe = parse('query Probe { classes(limit: 1) { page_info { next_cursor } } }') as TypedDocumentNode<unknown, Record<string, never>>;
const good: Scripted = { body: JSON.stringify({ data: { classes: { page_info: { next_cursor: null } } } }) };
const tokenAnswer: Scripted = { body: JSON.stringify({ access_token: 'token', expires_in: 300 }) };
const reachable = 'is it up and reachable from here?';
const deadlineOf = (text: string) => `the run's deadline of ${text} (exporters.plan2learn.deadline_minutes) passed`;

let servers: ScriptServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function serve(answer: (n: number) => Scripted | typeof hang): Promise<ScriptServer> {
  const server = await scriptServer(answer);
  servers.push(server);
  return server;
}

/** An MO client for a scripted GraphQL server, with tokens from a scripted Keycloak. */
async function moClientFor(graphql: ScriptServer, policy: RetryPolicy = fast): Promise<{ client: MoClient; keycloak: ScriptServer }> {
  const keycloak = await serve(() => tokenAnswer);
  const tokens = new TokenSource({ tokenUrl: `${keycloak.url}/token`, clientId: 'dipex', clientSecret: 'secret' }, policy);
  return { client: new MoClient({ graphqlUrl: `${graphql.url}/graphql/v29`, tokens, policy }), keycloak };
}

const errorsAnswer = (...errors: object[]): Scripted => ({ body: JSON.stringify({ data: null, errors }) });
const internalError = errorsAnswer({ message: 'Internal Server Error', locations: [{ line: 1, column: 15 }], path: ['classes'] });

describe("MO's GraphQL errors", () => {
  it('retries an answer whose errors all carry a path (an execution error), like a 5xx', async () => {
    const mo = await serve((n) => (n === 1 ? internalError : good));
    const { client } = await moClientFor(mo);
    expect(await client.request(probe, {})).toEqual({ classes: { page_info: { next_cursor: null } } });
    expect(mo.count()).toBe(2);
  });

  it('gives up on a persistent execution error, naming it', async () => {
    const mo = await serve(() => internalError);
    const { client } = await moClientFor(mo);
    expect((await failureOf(client.request(probe, {}))).message).toBe(
      `MO at ${mo.url}/graphql/v29 failed 4 tries (last: answered Probe with "Internal Server Error" at classes): is MO up and well? MO's log says what failed`,
    );
  });

  it('fails at once when an error has no path (a request error), even beside one that has', async () => {
    const mo = await serve(() => errorsAnswer({ message: 'boom', path: ['classes'] }, { message: 'Variable "$limit" got invalid value' }));
    const { client } = await moClientFor(mo);
    expect((await failureOf(client.request(probe, {}))).message).toMatch(
      /^MO at .* rejected Probe: boom; Variable "\$limit" got invalid value \(is this MO's GraphQL v29/,
    );
    expect(mo.count()).toBe(1);
  });

  it('renews an expired token reported with a path instead of retrying it', async () => {
    const mo = await serve((n) => (n === 1 ? errorsAnswer({ message: 'Signature has expired.', path: ['classes'] }) : good));
    const { client, keycloak } = await moClientFor(mo);
    await client.request(probe, {});
    expect(mo.count()).toBe(2);
    expect(keycloak.count()).toBe(2);
  });
});

/**
 * Tokens MO will not take, in the three forms MO has answered them: current
 * MO's "User is not authenticated" (HTTP 200, no path: IsAuthenticatedExtension
 * in mora/graphapi/schema.py, tests/graphapi/test_healths.py
 * test_unauthorized_healths_endpoint), and older MO's "Signature has
 * expired" and HTTP 401.
 */
describe('tokens MO will not take', () => {
  const deadTokenForms: [string, Scripted][] = [
    ['current MO: HTTP 200 "User is not authenticated", no path', errorsAnswer({ message: 'User is not authenticated' })],
    ['older MO: "Signature has expired." at a field', errorsAnswer({ message: 'Signature has expired.', path: ['classes'] })],
    ['older MO: HTTP 401', { status: 401, body: JSON.stringify({ detail: 'Not authenticated' }) }],
  ];
  /** A Keycloak that issues token-1, token-2, ... */
  const numberedTokens = (n: number): Scripted => ({ body: JSON.stringify({ access_token: `token-${n}`, expires_in: 300 }) });

  async function withKeycloak(mo: ScriptServer): Promise<{ client: MoClient; keycloak: ScriptServer }> {
    const keycloak = await serve(numberedTokens);
    const tokens = new TokenSource({ tokenUrl: `${keycloak.url}/token`, clientId: 'dipex', clientSecret: 'the-secret' }, fast);
    return { client: new MoClient({ graphqlUrl: `${mo.url}/graphql/v29`, tokens, policy: fast }), keycloak };
  }

  it.each(deadTokenForms)('renews the token and sends the request again on %s', async (_form, refusal) => {
    const mo = await serve((n) => (n === 1 ? refusal : good));
    const { client, keycloak } = await withKeycloak(mo);
    expect(await client.request(probe, {})).toEqual({ classes: { page_info: { next_cursor: null } } });
    expect([mo.count(), keycloak.count()]).toEqual([2, 2]);
  });

  it.each(deadTokenForms)('fails with one line naming Keycloak and the client when a freshly fetched token meets %s too', async (_form, refusal) => {
    const mo = await serve(() => refusal);
    const { client, keycloak } = await withKeycloak(mo);
    const error = await failureOf(client.request(probe, {}));
    const answered = refusal.status === 401 ? 'HTTP 401' : `"${(JSON.parse(refusal.body) as { errors: { message: string }[] }).errors[0]?.message ?? ''}"`;
    expect(error.message).toBe(
      `MO at ${mo.url}/graphql/v29 refused a token just fetched from Keycloak at ${keycloak.url}/token for client "dipex" (Probe: ${answered}): ` +
        "check that crontab.AUTH_SERVER and the realm are the Keycloak MO trusts, that the client is enabled there, and MO's and Keycloak's clocks",
    );
    expect(error.exitCode).toBe(1);
    expect(error.message).not.toMatch(/the-secret|token-\d/);
    expect([mo.count(), keycloak.count()]).toEqual([2, 2]);
  });

  it('renews once for requests refused together', async () => {
    // Both requests go out with token-1 and are refused; both then go with token-2, which MO takes.
    const mo = await serve((n) => (n <= 2 ? errorsAnswer({ message: 'User is not authenticated' }) : good));
    const { client, keycloak } = await withKeycloak(mo);
    await Promise.all([client.request(probe, {}), client.request(probe, {})]);
    expect([mo.count(), keycloak.count()]).toEqual([4, 2]);
  });
});

/**
 * MO's role checks (always on): a field the client may not read is answered
 * "No policy approved the access" at that field (_enforce_pbac and
 * RBACExtension in mora/graphapi/schema.py; the roles in
 * mora/graphapi/rbac_map.py). Permanent: no retry, no renewal.
 */
describe('a role the client lacks', () => {
  const noPolicy = errorsAnswer({ message: 'No policy approved the access', locations: [{ line: 1, column: 15 }], path: ['classes'] });

  it.each([true, false])('fails at once, naming the role and the collection (execution errors thrown: %s)', async (thrown) => {
    const mo = await serve(() => noPolicy);
    const { client, keycloak } = await moClientFor(mo);
    const error = await failureOf(client.request(probe, {}, { throwExecutionErrors: () => thrown }));
    expect(error.message).toBe(
      `MO at ${mo.url}/graphql/v29 refused Probe ("No policy approved the access" at classes): ` +
        'client "dipex" needs Keycloak role read_class to read MO\'s class collection; give it that role in Keycloak',
    );
    expect(error.exitCode).toBe(1);
    expect(error).not.toBeInstanceOf(ExecutionErrors);
    expect([mo.count(), keycloak.count()]).toEqual([1, 1]);
  });

  it('names the field by its name, not its alias, at a nested path', async () => {
    const document = parse('query Staff { managers { objects { validities { who: person_response { uuid } } } } }') as TypedDocumentNode<
      unknown,
      Record<string, never>
    >;
    const mo = await serve(() => errorsAnswer({ message: 'No policy approved the access', path: ['managers', 'objects', 0, 'validities', 0, 'who'] }));
    const { client } = await moClientFor(mo);
    expect((await failureOf(client.request(document, {}))).message).toBe(
      `MO at ${mo.url}/graphql/v29 refused Staff ("No policy approved the access" at managers.objects.0.validities.0.who): ` +
        'client "dipex" needs Keycloak role read_employee to read MO\'s employee collection; give it that role in Keycloak',
    );
  });
});

describe('execution errors the caller asks to have thrown', () => {
  const always = { throwExecutionErrors: () => true };

  it('throws an answer whose errors all carry a path at once, as ExecutionErrors, keeping the token', async () => {
    const mo = await serve(() => errorsAnswer({ message: 'Internal Server Error', path: ['classes'] }, { message: 'boom', path: ['classes', 'objects', 3] }));
    const { client, keycloak } = await moClientFor(mo);
    const error = await failureOf(client.request(probe, {}, always));
    expect(error).toBeInstanceOf(ExecutionErrors);
    expect((error as ExecutionErrors).errors).toEqual([
      { message: 'Internal Server Error', path: ['classes'] },
      { message: 'boom', path: ['classes', 'objects', 3] },
    ]);
    expect(error.message).toBe(`MO at ${mo.url}/graphql/v29 answered Probe with "Internal Server Error" at classes and 1 more`);
    expect(error.exitCode).toBe(1);
    expect([mo.count(), keycloak.count()]).toEqual([1, 1]);
    expect(await client.request(probe, {}, always).catch(() => 'failed again')).toBe('failed again');
    expect(keycloak.count()).toBe(1);
  });

  it('still renews a dead token, and retries a 5xx', async () => {
    const mo = await serve((n) => [errorsAnswer({ message: 'User is not authenticated' }), { status: 503, body: '{}' }][n - 1] ?? good);
    const { client, keycloak } = await moClientFor(mo);
    expect(await client.request(probe, {}, always)).toEqual({ classes: { page_info: { next_cursor: null } } });
    expect([mo.count(), keycloak.count()]).toEqual([3, 2]);
  });

  it('retries the errors the caller does not ask for, and throws the ones it does', async () => {
    const atResolve = errorsAnswer({
      message: "'NoneType' object has no attribute 'get'",
      path: ['addresses', 'objects', 0, 'validities', 0, 'resolve', 'road_name'],
    });
    const mo = await serve((n) => (n === 1 ? internalError : atResolve));
    const { client } = await moClientFor(mo);
    const throwAtResolve = {
      throwExecutionErrors: (errors: readonly { path: readonly (string | number)[] }[]) => errors.every((e) => e.path.includes('resolve')),
    };
    const error = await failureOf(client.request(probe, {}, throwAtResolve));
    expect(error).toBeInstanceOf(ExecutionErrors);
    expect(mo.count()).toBe(2);
  });
});

describe('damaged bodies', () => {
  it('retries an MO answer cut short, or that is no JSON, and parses the good one once', async () => {
    const bodies = ['{"data": {"clas', '<html><body>Bad gateway</body></html>'];
    const mo = await serve((n) => (bodies[n - 1] !== undefined ? { body: bodies[n - 1] ?? '' } : good));
    const { client } = await moClientFor(mo);
    const parseJson = vi.spyOn(JSON, 'parse');
    expect(await client.request(probe, {})).toEqual({ classes: { page_info: { next_cursor: null } } });
    expect(mo.count()).toBe(3);
    expect(parseJson.mock.calls.filter(([text]) => text === good.body)).toHaveLength(1);
  });

  it('names an MO answer that stays no JSON', async () => {
    const mo = await serve(() => ({ body: '<html><body>Login</body></html>', headers: { 'content-type': 'text/html' } }));
    const { client } = await moClientFor(mo);
    expect((await failureOf(client.request(probe, {}))).message).toBe(
      `MO at ${mo.url}/graphql/v29 failed 4 tries (last: answered Probe with something other than JSON (it starts "<html><body>Login</body></html>")): is mora.base MO?`,
    );
  });

  it('retries a LoRa page cut short, and names one that stays so', async () => {
    const lora = await serve((n) => (n === 1 ? { body: '{"results": [[{"id": "a"' } : { body: '{"results": []}' }));
    const tokens = { token: () => Promise.resolve('token'), invalidate: () => undefined };
    const client = new LoraClient({ base: `${lora.url}/lora`, tokens, policy: fast });
    expect(await client.list({ path: '/organisation/bruger', window: windowFromToday('2026-11-26'), pageSize: 10 })).toEqual([]);
    expect(lora.count()).toBe(2);

    const broken = await serve(() => ({ body: '{"results": [[{"id": "a"' }));
    const failing = new LoraClient({ base: `${broken.url}/lora`, tokens, policy: fast });
    const error = await failureOf(failing.list({ path: '/organisation/bruger', window: windowFromToday('2026-11-26'), pageSize: 10 }));
    expect(error.message).toMatch(
      new RegExp(
        `^LoRa at ${broken.url.replace(/\./g, '\\.')}/lora failed 4 tries \\(last: answered /organisation/bruger with damaged JSON \\(.+\\)\\): is it up and reachable from here\\?$`,
      ),
    );
  });
});

describe('HTTP answers MO gives through graphql-request', () => {
  it('names JSON that does not say it is JSON, and retries it', async () => {
    const mo = await serve(() => ({ body: good.body, headers: { 'content-type': 'text/plain' } }));
    const { client } = await moClientFor(mo);
    expect((await failureOf(client.request(probe, {}))).message).toBe(
      `MO at ${mo.url}/graphql/v29 failed 4 tries (last: answered Probe with JSON labelled "text/plain" rather than application/json): is mora.base MO?`,
    );
    expect(mo.count()).toBe(4);
  });

  it('fails at once on a 4xx other than 401, naming the status', async () => {
    const mo = await serve(() => ({ status: 403, body: '<html>Forbidden</html>', headers: { 'content-type': 'text/html' } }));
    const { client, keycloak } = await moClientFor(mo);
    expect((await failureOf(client.request(probe, {}))).message).toBe(`MO at ${mo.url}/graphql/v29 answered Probe with HTTP 403: check mora.base`);
    expect([mo.count(), keycloak.count()]).toEqual([1, 1]);
  });

  it("counts each try and the bytes of every body read, a 5xx's included", async () => {
    const unavailable = 'MO is restarting';
    const mo = await serve((n) => (n === 1 ? { status: 503, body: unavailable } : good));
    const { client } = await moClientFor(mo);
    await client.request(probe, {});
    expect(client.traffic).toEqual({ requests: 2, bytesReceived: Buffer.byteLength(unavailable) + Buffer.byteLength(good.body) });
  });
});

describe('Retry-After and the deadline', () => {
  const unavailable: Scripted = { status: 503, body: '{}' };

  it('waits as long as Retry-After asks (up to the longest backoff)', async () => {
    const server = await serve((n) => (n === 1 ? { status: 429, body: '{}', headers: { 'retry-after': '1' } } : { body: '{}' }));
    const started = performance.now();
    const answer = await retrying('the server', { ...fast, maxDelayMs: 5_000 }, (signal) => fetchWhole(server.url, {}, signal));
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('starts no try after the deadline', async () => {
    const server = await serve(() => ({ body: '{}' }));
    const deadline = runDeadline(0.0001);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const error = await failureOf(retrying('the server', { ...fast, deadline }, (signal) => fetchWhole(server.url, {}, signal)));
    expect(error.message).toBe(`the server was not asked: ${deadlineOf('0.006 s')}`);
    expect(server.count()).toBe(0);
  });

  it('aborts a request in flight at the deadline, whatever the time-out of one request', async () => {
    const server = await serve(() => hang);
    const started = performance.now();
    const policy = { ...fast, timeoutMs: 60_000, deadline: runDeadline(0.005) };
    const error = await failureOf(retrying('the server', policy, (signal) => fetchWhole(server.url, {}, signal)));
    expect(error.message).toBe(`the server gave no answer before ${deadlineOf('0.3 s')}: ${reachable}`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('stops retrying at the deadline, even while waiting for Retry-After', async () => {
    const server = await serve(() => ({ status: 429, body: '{}', headers: { 'retry-after': '30' } }));
    const started = performance.now();
    const policy = { retries: 10, minDelayMs: 10, maxDelayMs: 60_000, timeoutMs: 5_000, deadline: runDeadline(0.005) };
    const error = await failureOf(retrying('the server', policy, (signal) => fetchWhole(server.url, {}, signal)));
    expect(error.message).toBe(`the server failed 1 try (last: HTTP 429) and ${deadlineOf('0.3 s')}: ${reachable}`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('waits for a Keycloak that is down no longer than the deadline', async () => {
    const keycloak = await serve(() => unavailable);
    const policy = { retries: 20, minDelayMs: 20, maxDelayMs: 100, timeoutMs: 5_000, deadline: runDeadline(0.005) };
    const tokens = new TokenSource({ tokenUrl: `${keycloak.url}/token`, clientId: 'dipex', clientSecret: 'secret' }, policy);
    const error = await failureOf(tokens.token());
    expect(error.message).toMatch(
      new RegExp(`^Keycloak at ${keycloak.url.replace(/\./g, '\\.')}/token failed \\d+ tries \\(last: HTTP 503\\) and the run's deadline of 0\\.3 s`),
    );
  });

  it("ends the run's other requests when one gives up, instead of letting them retry on", async () => {
    const server = await serve(() => unavailable);
    const deadline = runDeadline(60);
    const attempt = (signal: AbortSignal) => fetchWhole(server.url, {}, signal);
    const started = performance.now();
    const patient = retrying('patient', { retries: 10, minDelayMs: 500, maxDelayMs: 30_000, timeoutMs: 5_000, deadline }, attempt);
    const impatient = retrying('impatient', { ...fast, retries: 1, deadline }, attempt);
    expect((await failureOf(impatient)).message).toBe(`impatient failed 2 tries (last: HTTP 503): ${reachable}`);
    expect((await failureOf(patient)).message).toBe(`patient: abandoned: impatient failed 2 tries (last: HTTP 503): ${reachable}`);
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe('the settings', () => {
  const required = {
    'mora.base': 'http://mo.example.invalid',
    'crontab.CLIENT_SECRET': 'secret',
    'exporters.plan2learn.root_unit': '10000000-0000-4000-8000-000000000001',
    'exporters.plan2learn.allowed_engagement_types': [],
  };

  it('default to a first retry after 500 ms and a deadline of 60 minutes, and shape the retry policy', () => {
    const settings = resolveSettings(required, {}, 'test');
    expect([settings.retryFirstDelayMs, settings.deadlineMinutes]).toEqual([500, 60]);
    const policy = retryPolicyOf(
      resolveSettings({ ...required, 'exporters.plan2learn.retry_first_delay_ms': 20 }, { EXPORTERS_PLAN2LEARN_DEADLINE_MINUTES: '0.5' }, 'test'),
    );
    expect(policy).toMatchObject({ retries: 5, minDelayMs: 20, maxDelayMs: 30_000, timeoutMs: 120_000 });
    expect(policy.deadline?.signal.aborted).toBe(false);
  });

  it.each<[string, unknown, string]>([
    ['exporters.plan2learn.deadline_minutes', 0, 'must be a number of minutes above 0 and up to 10080, such as 60 (or 0.5 for 30 s) (got 0)'],
    ['exporters.plan2learn.deadline_minutes', 'soon', 'must be a number of minutes above 0 and up to 10080, such as 60 (or 0.5 for 30 s) (got "soon")'],
    ['exporters.plan2learn.retry_first_delay_ms', 0.5, 'must be a whole number from 1 to 60000 (got 0.5)'],
  ])('refuse %s = %j', (key, value, message) => {
    expect(() => resolveSettings({ ...required, [key]: value }, {}, 'test')).toThrow(new SettingsError(`setting ${key} from the settings file ${message}`));
  });
});
