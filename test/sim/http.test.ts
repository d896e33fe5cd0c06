import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocuments, schemaFile } from '../../src/schema/documents.js';
import { pruneSchema } from '../../src/schema/prune.js';
import { validateDocuments } from '../../src/schema/validate.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { serveSimulator } from '../support/sim-fixture.js';
import { getToken, post, query, requestToken, tokenUrl } from './client.js';
import { fixture, morning } from './fixture.js';

const probe = 'query Probe { classes(limit: 1) { page_info { next_cursor } } }';
const goodClient = { grant_type: 'client_credentials', client_id: 'dipex', client_secret: 'dipex-secret' };

describe('the simulated Keycloak', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ dataset: fixture(), clients: { dipex: 'dipex-secret', other: 'other-secret' } });
  });
  afterAll(() => sim.close());

  it('issues a bearer token for good client credentials', async () => {
    const answer = await requestToken(sim, goodClient);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ access_token: expect.any(String), expires_in: 300, token_type: 'Bearer' });
  });

  it('takes the client from HTTP Basic auth too', async () => {
    const basic = Buffer.from('other:other-secret').toString('base64');
    const answer = await requestToken(sim, { grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
    expect(answer.status).toBe(200);
  });

  it('refuses a wrong secret or an unknown client with 401', async () => {
    for (const form of [{ ...goodClient, client_secret: 'wrong' }, { ...goodClient, client_id: 'nobody' }, { grant_type: 'client_credentials' }]) {
      const answer = await requestToken(sim, form);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' });
    }
  });

  it('refuses another grant type with 400', async () => {
    const answer = await requestToken(sim, { ...goodClient, grant_type: 'password' });
    expect(answer).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('knows only the mo realm', async () => {
    const response = await fetch(tokenUrl(sim, 'master'), { method: 'POST', body: new URLSearchParams(goodClient) });
    expect(response.status).toBe(404);
  });
});

describe('the bearer check on /graphql/v29', () => {
  let clock = morning;
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ dataset: fixture(), now: () => clock, tokenLifetimeSeconds: 60 });
  });
  afterAll(() => sim.close());

  // Current MO: HTTP 200, no data, one error without a path (IsAuthenticatedExtension in mora/graphapi/schema.py;
  // tests/graphapi/test_healths.py test_unauthorized_healths_endpoint, tests/test_service_auth.py test_no_auth_graphql).
  const notAuthenticated = { status: 200, body: { data: null, errors: [{ message: 'User is not authenticated' }] } };

  it('answers a missing or unknown token as current MO does: HTTP 200, "User is not authenticated", no path', async () => {
    for (const token of [undefined, 'made-up']) {
      const answer = await post(sim, token, { query: probe });
      expect({ status: answer.status, body: answer.body }).toEqual(notAuthenticated);
    }
  });

  it('expires a token after its lifetime on the server clock, and answers it as current MO does', async () => {
    const token = await getToken(sim);
    clock = new Date(morning.getTime() + 59_000);
    expect((await post(sim, token, { query: probe })).status).toBe(200);
    clock = new Date(morning.getTime() + 60_000);
    const answer = await post(sim, token, { query: probe });
    expect({ status: answer.status, body: answer.body }).toEqual(notAuthenticated);
    clock = morning;
  });

  it('expires every token issued so far on expireTokens()', async () => {
    const token = await getToken(sim);
    sim.expireTokens();
    expect(await post(sim, token, { query: probe })).toMatchObject(notAuthenticated);
    expect((await post(sim, await getToken(sim), { query: probe })).body).toEqual({
      data: { classes: { page_info: { next_cursor: expect.anything() as unknown } } },
    });
  });

  it.each([
    ['http-401', { status: 401, body: { detail: 'Signature has expired.' } }, { status: 401, body: { detail: 'Not authenticated' } }],
    [
      'signature-expired',
      { status: 200, body: { data: null, errors: [{ message: 'Signature has expired.' }] } },
      { status: 200, body: { data: null, errors: [{ message: 'Signature has expired.' }] } },
    ],
  ] as const)("can answer as older MO did (expiredTokenAnswer: '%s')", async (style, expired, missing) => {
    const local = await startSimulator({ dataset: fixture(), expiredTokenAnswer: style });
    try {
      const token = await getToken(local);
      local.expireTokens();
      const answers = await Promise.all([
        post(local, token, { query: probe }),
        post(local, undefined, { query: probe }),
        post(local, 'made-up', { query: probe }),
      ]);
      expect(answers.map(({ status, body }) => ({ status, body }))).toEqual([expired, missing, missing]);
    } finally {
      await local.close();
    }
  });
});

/**
 * MO's role checks, always on: a field the client holds no role for is
 * answered "No policy approved the access" at that field (RBACExtension and
 * _enforce_pbac in mora/graphapi/schema.py; which role, rbac_map.py).
 */
describe('the role check on /graphql/v29', () => {
  const allRoles = ['read_org_unit', 'read_employee', 'read_engagement', 'read_manager', 'read_class', 'read_address', 'read_facet'];
  const without = (role: string) => allRoles.filter((held) => held !== role);
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      dataset: fixture(),
      clients: { dipex: 'dipex-secret', nomanager: 'secret', noemployee: 'secret', none: 'secret' },
      clientRoles: { nomanager: without('read_manager'), noemployee: without('read_employee'), none: [] },
    });
  });
  afterAll(() => sim.close());

  async function tokenOf(clientId: string): Promise<string> {
    const answer = await requestToken(sim, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientId === 'dipex' ? 'dipex-secret' : 'secret',
    });
    return (answer.body as { access_token: string }).access_token;
  }

  const managers = 'query M { managers(limit: 1) { objects { uuid validities { person_response { uuid } } } } }';

  it('answers a top-level field the client may not read with the error at that field, and data null', async () => {
    expect(await query(sim, await tokenOf('nomanager'), managers)).toEqual({
      data: null,
      errors: [{ message: 'No policy approved the access', locations: [{ line: 1, column: 11 }], path: ['managers'] }],
    });
  });

  it('answers a nested field at its path, null where the schema allows it', async () => {
    const answer = await query<{ managers: { objects: { validities: { person_response: unknown }[] }[] } }>(sim, await tokenOf('noemployee'), managers);
    expect(answer.data?.managers.objects[0]?.validities[0]).toEqual({ person_response: null });
    expect(answer.errors?.[0]).toEqual({
      message: 'No policy approved the access',
      locations: [{ line: 1, column: 60 }],
      path: ['managers', 'objects', 0, 'validities', 0, 'person_response'],
    });
  });

  it('lets public fields and introspection through without any role, and a client not listed read everything', async () => {
    const none = await tokenOf('none');
    expect(await query(sim, none, '{ __schema { queryType { name } } }')).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    expect((await query(sim, await tokenOf('dipex'), managers)).errors).toBeUndefined();
    expect((await query(sim, await tokenOf('nomanager'), probe)).errors).toBeUndefined();
  });
});

describe('the HTTP surface', () => {
  const mo = serveSimulator();

  it('answers a validation error with HTTP 200, errors and no data', async () => {
    const answer = await mo.query('query Bad { org_units { objects { invented_field } } }');
    expect(answer).toEqual({
      data: null,
      errors: [{ message: 'Cannot query field "invented_field" on type "OrganisationUnitResponse".', locations: [{ line: 1, column: 35 }] }],
    });
  });

  it('answers a syntax error with HTTP 200 too', async () => {
    const answer = await mo.query('{ persons { ');
    expect(answer.data).toBeNull();
    expect(answer.errors?.[0]?.message).toMatch(/^Syntax Error/);
  });

  it('answers a bad variable with a GraphQL error', async () => {
    const answer = await mo.query('query V($d: DateTime) { persons(filter: { from_date: $d }) { objects { uuid } } }', { d: '2026-02-30' });
    expect(answer.data).toBeNull();
    expect(answer.errors?.[0]?.message).toBe(
      'Variable "$d" got invalid value "2026-02-30"; DateTime cannot represent "2026-02-30": expected YYYY-MM-DD or an ISO 8601 timestamp',
    );
  });

  it('answers a body that is not JSON with 400, and one over 1 MB with 413', async () => {
    expect((await mo.post('{"query": ')).status).toBe(400);
    expect((await mo.post({ query: probe, variables: { pad: 'x'.repeat(1_100_000) } })).status).toBe(413);
  });

  it('serves the schema it executes', async () => {
    const response = await fetch(`${mo.sim.url}/graphql/v29/schema.graphql`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(await readFile(schemaFile, 'utf8'));
  });

  it('serves a schema that `npm run schema:update -- <url>` turns back into graphql/schema.graphql', async () => {
    const served = await (await fetch(`${mo.sim.url}/graphql/v29/schema.graphql`)).text();
    const documents = loadDocuments();
    expect(validateDocuments(served, documents)).toEqual([]);
    const file = await readFile(schemaFile, 'utf8');
    expect(file.endsWith(pruneSchema(served, [...documents.values()]))).toBe(true);
  });

  it('answers 404 elsewhere', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/graphql/v29'],
      ['POST', '/graphql/v28'],
    ] as const) {
      const response = await fetch(`${mo.sim.url}${path}`, { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ detail: 'Not Found' });
    }
  });

  it('counts requests, operations and bytes, and resets the counters', async () => {
    mo.sim.resetStats();
    await getToken(mo.sim);
    const answer = await mo.post({ query: probe });
    await mo.post({ query: 'query A { persons { objects { uuid } } } query B { managers { objects { uuid } } }', operationName: 'B' });
    await mo.post({ query: '{ persons { objects { uuid } } }' });
    await post(mo.sim, undefined, { query: probe });
    expect(mo.sim.stats).toMatchObject({ graphqlRequests: 4, tokenRequests: 1, byOperation: { Probe: 1, B: 1, '(anonymous)': 1 } });
    expect(mo.sim.stats.bytesSent).toBeGreaterThan(JSON.stringify(answer.body).length);
    // The objects resolved (counting.ts): the anonymous query's page and its four persons, B's page and its two managers (A is not run).
    expect(mo.sim.stats.objects).toMatchObject({ EmployeeResponsePaged: 1, EmployeeResponse: 4, ManagerResponsePaged: 1, ManagerResponse: 2 });
    mo.sim.resetStats();
    expect(mo.sim.stats).toEqual({ graphqlRequests: 0, loraRequests: 0, tokenRequests: 0, byOperation: {}, bytesSent: 0, objects: {} });
  });
});

describe('queued faults', () => {
  const mo = serveSimulator();

  it('answers the queued statuses in order, each `count` times, then normally', async () => {
    mo.sim.resetStats();
    mo.sim.queueFaults({ status: 503, count: 2 }, { status: 429, retryAfterSeconds: 7 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const answer = await mo.post({ query: probe });
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
    }
    expect(statuses).toEqual([503, 503, 429, 200]);
    expect(retryAfter).toBe('7');
    expect(mo.sim.stats.graphqlRequests).toBe(4);
    expect(mo.sim.stats.byOperation).toEqual({ Probe: 1 });
  });

  it('delays an answer, then answers normally', async () => {
    mo.sim.queueFaults({ delayMs: 300 });
    const started = Date.now();
    const answer = await mo.post({ query: probe });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.status).toBe(200);
    // How quickly the next answer comes is a figure of npm run bench (src/bench/sim-latency.ts), not a test.
    expect((await mo.post({ query: probe })).status).toBe(200);
  });

  it('closes promptly with a delayed request pending', async () => {
    const local = await startSimulator({ dataset: fixture() });
    const localToken = await getToken(local);
    local.queueFaults({ delayMs: 60_000 });
    const pending = post(local, localToken, { query: probe }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await local.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
