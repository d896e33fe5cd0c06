import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, Temporal, Validity } from '../../src/dataset/format.js';
import { generateDataset } from '../../src/generate/generate.js';
import type { MoClient } from '../../src/mo/client.js';
import { connectToMo } from '../../src/mo/connect.js';
import { ManagersDocument, PersonsDocument, type PersonsQuery } from '../../src/generated/graphql.js';
import { fetchSnapshot, type FetchPlan } from '../../src/mo/fetch-snapshot.js';
import { fetchAllPages } from '../../src/mo/paginate.js';
import type { RetryPolicy } from '../../src/http/retry.js';
import { resolveSettings } from '../../src/settings/load.js';
import type { Settings } from '../../src/settings/table.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import type { Snapshot } from '../../src/snapshot.js';
import { P2lError } from '../../src/util/errors.js';

const today = '2026-11-26';
const pageSize = 200;
const fastPolicy: RetryPolicy = { retries: 3, minDelayMs: 10, maxDelayMs: 50, timeoutMs: 5_000 };

const dataset = generateDataset({ persons: 5000, seed: 42, today });
/** The value, or a failed test when it is missing. */
function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`test setup: no ${what}`);
  return value;
}

const rootUnit = must(
  dataset.units.find((u) => u.versions.some((v) => v.parent === null)),
  'root unit',
).uuid;
const paidTypes = dataset.classes.filter((c) => c.facet === 'engagement_type' && /^(Månedsløn|Timeløn)$/.test(c.name)).map((c) => c.uuid);

function settingsFor(sim: RunningSimulator, overrides: Record<string, unknown> = {}): Settings {
  return resolveSettings(
    {
      'mora.base': sim.url,
      'crontab.CLIENT_ID': 'dipex',
      'crontab.CLIENT_SECRET': 'dipex-secret',
      'exporters.plan2learn.root_unit': rootUnit,
      'exporters.plan2learn.allowed_engagement_types': paidTypes,
      ...overrides,
    },
    {},
    'test settings',
  );
}

function planFor(settings: Settings, extra: Partial<FetchPlan> = {}): FetchPlan {
  return {
    today,
    rootUnit: settings.rootUnit,
    engagementTypes: settings.allowedEngagementTypes,
    withHistory: false,
    positionExtensionField: settings.positionExtensionField,
    pageSize,
    concurrency: 3,
    ...extra,
  };
}

const reachesToday = (v: Validity) => v.to === null || v.to >= today;

/** Units the ancestor filter selects over [today, ∞): below the root along any parent link of those versions. */
function unitsUnderRoot(data: Dataset): Set<string> {
  const children = new Map<string, string[]>();
  for (const unit of data.units) {
    for (const version of unit.versions.filter(reachesToday)) {
      if (version.parent) children.set(version.parent, [...(children.get(version.parent) ?? []), unit.uuid]);
    }
  }
  const found = new Set<string>();
  const queue = [rootUnit];
  while (queue.length > 0) {
    const uuid = must(queue.pop(), 'queued unit');
    if (found.has(uuid)) continue;
    found.add(uuid);
    queue.push(...(children.get(uuid) ?? []));
  }
  return found;
}

/**
 * Engagements the Engagements document selects: a version from today on of
 * a paid type, and one in a unit under the root (MO tests each relation on
 * its own within the window: mora/graphapi/resolvers.py, engagement_predicate).
 */
const engagementsAsked = (data: Dataset) => {
  const under = unitsUnderRoot(data);
  return data.engagements.filter(
    (e) => e.versions.some((v) => reachesToday(v) && paidTypes.includes(v.engagement_type)) && e.versions.some((v) => reachesToday(v) && under.has(v.unit)),
  );
};

/** The persons those engagements name in their versions from today on: the uuids the Persons document is asked for. */
const personsNamed = (data: Dataset): Set<string> => new Set(engagementsAsked(data).flatMap((e) => e.versions.filter(reachesToday).map((v) => v.person)));

/** Managers in units under the root, from today on. */
const managersAsked = (data: Dataset) => {
  const under = unitsUnderRoot(data);
  return data.managers.filter((m) => m.versions.some((v) => reachesToday(v) && under.has(v.unit)));
};

/**
 * The requests of each walk: max(1, ceil(n / L)) for its n candidates, the
 * time window [today, ∞) included, as MO's keyset pagination counts them
 * (OS2mo a092de2b8, mora/graphapi/paged.py; the simulator's default). The
 * persons are asked by uuid in batches of a page (one request each, as no
 * batch holds more than a page); the classes referred to are asked once.
 */
function requestCounts(data: Dataset): Record<Exclude<keyof Snapshot, 'darAddresses' | 'unresolvedDar'> | 'classes', number> {
  const under = unitsUnderRoot(data);
  const pages = (n: number) => Math.max(1, Math.ceil(n / pageSize));
  return {
    units: pages(currentAndFuture(data.units, (u) => under.has(u.uuid)).size),
    persons: Math.ceil(personsNamed(data).size / pageSize),
    engagements: pages(engagementsAsked(data).length),
    managers: pages(managersAsked(data).length),
    jobFunctions: pages(data.classes.filter((c) => c.facet === 'engagement_job_function').length),
    classes: 1,
  };
}

/** The DAR step's requests, after the walks (src/dar/resolve.ts; counted exactly in test/dar/resolve.test.ts). */
const darStepRequests = (sim: RunningSimulator): number => (sim.stats.byOperation['DarAddresses'] ?? 0) + (sim.stats.byOperation['DarAddressNames'] ?? 0);

/** A keyset walk over n candidates at the page size: max(1, ceil(n / L)) requests, the last page never empty unless all is. */
const expectedRequests = (data: Dataset): number => Object.values(requestCounts(data)).reduce((sum, n) => sum + n, 0);

/** The persons a fetch of the test's municipality gets: those the engagements name that exist from today on. */
const personsExpected = ((named: Set<string>) => currentAndFuture(dataset.persons, (p) => named.has(p.uuid)).size)(personsNamed(dataset));

/** uuid → number of versions from today on, for the objects that have any. */
function currentAndFuture<V extends Validity>(objects: Temporal<V>[], keep: (o: Temporal<V>) => boolean = () => true): Map<string, number> {
  const result = new Map<string, number>();
  for (const object of objects.filter(keep)) {
    const versions = object.versions.filter(reachesToday).length;
    if (versions > 0) result.set(object.uuid, versions);
  }
  return result;
}

function versionsByUuid(objects: { uuid: string; validities: unknown[] }[]): Map<string, number> {
  return new Map(objects.map((o) => [o.uuid, o.validities.length]));
}

describe('fetching a 5,000-person municipality from the simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ dataset });
  });
  afterAll(() => sim.close());

  it('sends exactly the requests the page count implies, and gets every current and future object', async () => {
    sim.resetStats();
    const settings = settingsFor(sim);
    const client = connectToMo(settings, fastPolicy);
    const snapshot = await fetchSnapshot(client, planFor(settings));

    const expectedPages = expectedRequests(dataset) + darStepRequests(sim);
    expect(sim.stats.graphqlRequests).toBe(expectedPages);
    expect(client.traffic.requests).toBe(expectedPages);
    expect(sim.stats.tokenRequests).toBe(1);

    const under = unitsUnderRoot(dataset);
    expect(versionsByUuid(snapshot.units)).toEqual(currentAndFuture(dataset.units, (u) => under.has(u.uuid)));
    const named = personsNamed(dataset);
    expect(versionsByUuid(snapshot.persons)).toEqual(currentAndFuture(dataset.persons, (p) => named.has(p.uuid)));
    expect(versionsByUuid(snapshot.engagements)).toEqual(currentAndFuture(engagementsAsked(dataset)));
    expect(versionsByUuid(snapshot.managers)).toEqual(currentAndFuture(managersAsked(dataset)));
    expect(snapshot.jobFunctions.map((c) => c.uuid).sort()).toEqual(
      dataset.classes
        .filter((c) => c.facet === 'engagement_job_function')
        .map((c) => c.uuid)
        .sort(),
    );
    // Class references are answered once per class, from one Classes request; of the extensions only the one named is asked.
    expect(sim.stats.byOperation['Classes']).toBe(1);
    const classes = new Map(dataset.classes.map((c) => [c.uuid, { name: c.name, scope: c.scope }]));
    const engagementVersions = snapshot.engagements.flatMap((e) => e.validities);
    expect(engagementVersions.filter((v) => v.engagement_type_response.current?.name !== classes.get(v.engagement_type_response.uuid)?.name)).toEqual([]);
    expect(new Set(engagementVersions.flatMap((v) => Object.keys(v).filter((key) => key.startsWith('extension_'))))).toEqual(new Set(['extension_2']));
    const addressTypes = snapshot.persons.flatMap((p) =>
      p.validities.flatMap((v) => v.addresses_response.objects.flatMap((a) => a.validities.map((av) => av.address_type_response))),
    );
    expect(addressTypes.length).toBeGreaterThan(0);
    expect(addressTypes.filter((t) => t.current?.scope !== classes.get(t.uuid)?.scope)).toEqual([]);
    const validities: { validity: { to: string | null } }[] = [snapshot.units, snapshot.persons, snapshot.engagements, snapshot.managers].flatMap(
      (objects: { validities: { validity: { to: string | null } }[] }[]) => objects.flatMap((o) => o.validities),
    );
    const pastVersions = validities.filter((v) => v.validity.to !== null && v.validity.to.slice(0, 10) < today);
    expect(pastVersions).toEqual([]);
  });

  it('asks for the next page before working on the one it has, and not beyond the last', async () => {
    const client = connectToMo(settingsFor(sim), fastPolicy);
    let asked = 0;
    const counting: Pick<MoClient, 'request'> = {
      request: (document, variables) => {
        asked++;
        return client.request(document, variables);
      },
    };
    const askedWhenTaken: number[] = [];
    const walk = {
      document: PersonsDocument,
      variables: { uuids: dataset.persons.map((p) => p.uuid), today: `${today}T00:00:00+01:00` },
      pageOf: (r: PersonsQuery) => r.persons,
    };
    const persons = await fetchAllPages(counting, walk, { pageSize, take: (objects) => (askedWhenTaken.push(asked), objects) });
    const pages = Math.max(1, Math.ceil(currentAndFuture(dataset.persons).size / pageSize));
    expect(persons).toHaveLength(currentAndFuture(dataset.persons).size);
    expect(askedWhenTaken).toEqual([...Array.from({ length: pages - 1 }, (_, i) => i + 2), pages]);
  });

  it('fetches the whole history of start dates only for the `earliest` variant', async () => {
    const settings = settingsFor(sim);
    const snapshot = await fetchSnapshot(connectToMo(settings, fastPolicy), planFor(settings, { withHistory: true }));
    const withPast = must(
      dataset.engagements.find(
        (e) =>
          e.versions.some((v) => v.to !== null && v.to < today) &&
          e.versions.some(reachesToday) &&
          e.versions.some((v) => paidTypes.includes(v.engagement_type)),
      ),
      'engagement with a past and a current version',
    );
    const fetched = must(
      snapshot.engagements.find((e) => e.uuid === withPast.uuid),
      'fetched engagement',
    );
    expect(fetched.history?.map((h) => h.validity.from.slice(0, 10))).toEqual(withPast.versions.map((v) => v.from));
  });

  // Current MO's answer first (IsAuthenticatedExtension, mora/graphapi/schema.py; tests/graphapi/test_healths.py), then older MO's two.
  it('renews an expired token in the middle of a walk and completes it, whichever way MO says so', async () => {
    for (const style of ['not-authenticated', 'http-401', 'signature-expired'] as const) {
      const local = await startSimulator({ dataset, expiredTokenAnswer: style });
      try {
        const settings = settingsFor(local);
        let expired = false;
        const snapshot = await fetchSnapshot(
          connectToMo(settings, fastPolicy),
          planFor(settings, {
            concurrency: 1,
            onProgress: (name, progress) => {
              if (name === 'persons' && progress.pages === 2 && !expired) {
                expired = true;
                local.expireTokens();
              }
            },
          }),
        );
        expect(expired).toBe(true);
        expect(snapshot.persons.length).toBe(personsExpected);
        expect(local.stats.tokenRequests).toBe(2);
      } finally {
        await local.close();
      }
    }
  });

  it('retries a 5xx and a 429 with Retry-After, then succeeds', async () => {
    sim.resetStats();
    sim.queueFaults({ status: 503 }, { status: 502 }, { status: 429, retryAfterSeconds: 0 });
    const settings = settingsFor(sim);
    const snapshot = await fetchSnapshot(connectToMo(settings, fastPolicy), planFor(settings, { concurrency: 1 }));
    const expectedPages = expectedRequests(dataset) + darStepRequests(sim);
    expect(sim.stats.graphqlRequests).toBe(expectedPages + 3);
    expect(snapshot.persons.length).toBe(personsExpected);
  });

  it('gives up on a persistent 5xx with a line naming the server, the status and the tries', async () => {
    sim.queueFaults({ status: 500, count: 4 });
    const settings = settingsFor(sim);
    const error = await connectToMo(settings, fastPolicy)
      .request(parse('query Probe { classes(limit: 1) { page_info { next_cursor } } }') as TypedDocumentNode<unknown, Record<string, never>>, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    expect((error as Error).message).toBe(`MO at ${sim.url}/graphql/v29 failed 4 tries (last: HTTP 500): is it up and reachable from here?`);
  });

  it("fails at once, with MO's message, on a GraphQL validation error", async () => {
    sim.resetStats();
    const settings = settingsFor(sim);
    const bad = parse('query Bad { org_units { objects { invented_field } } }') as TypedDocumentNode<unknown, Record<string, never>>;
    const error = await connectToMo(settings, fastPolicy)
      .request(bad, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    expect((error as Error).message).toMatch(/^MO at .* rejected Bad: Cannot query field "invented_field" on type "OrganisationUnitResponse"\./);
    expect(sim.stats.graphqlRequests).toBe(1);
  });

  it('reports wrong credentials clearly, without the secret', async () => {
    const settings = settingsFor(sim, { 'crontab.CLIENT_SECRET': 'wrong-secret-123' });
    const error = await fetchSnapshot(connectToMo(settings, fastPolicy), planFor(settings)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    expect((error as Error).message).toBe(
      `Keycloak at ${sim.url}/auth/realms/mo/protocol/openid-connect/token refused client "dipex" (HTTP 401): check crontab.CLIENT_ID and crontab.CLIENT_SECRET`,
    );
    expect((error as Error).message).not.toContain('wrong-secret-123');
  });

  it('times out a page that does not answer, retries it, and fails when it never answers', async () => {
    const settings = settingsFor(sim);
    const quick: RetryPolicy = { retries: 1, minDelayMs: 10, maxDelayMs: 20, timeoutMs: 300 };
    sim.queueFaults({ delayMs: 1_000 });
    const snapshot = await fetchSnapshot(connectToMo(settings, quick), planFor(settings, { concurrency: 1 }));
    expect(snapshot.managers.length).toBe(currentAndFuture(dataset.managers).size);

    sim.queueFaults({ delayMs: 1_000, count: 2 });
    const error = await fetchSnapshot(connectToMo(settings, quick), planFor(settings, { concurrency: 1 })).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`MO at ${sim.url}/graphql/v29 failed 2 tries (last: no answer within 0.3 s): is it up and reachable from here?`);
  });
});

/**
 * MO refusing the client for good: a token it will not take even when just
 * fetched, and a Keycloak role the client lacks (MO's role checks are
 * always on: RBACExtension and _enforce_pbac in mora/graphapi/schema.py,
 * the roles in mora/graphapi/rbac_map.py).
 */
describe('MO refusing the client', () => {
  const small = generateDataset({ persons: 60, seed: 7, today });
  const smallRoot = must(
    small.units.find((u) => u.versions.some((v) => v.parent === null)),
    'root unit',
  ).uuid;
  const everyRole = ['read_org_unit', 'read_employee', 'read_engagement', 'read_manager', 'read_class', 'read_address', 'read_facet'];
  const page = { today: `${today}T00:00:00+01:00`, limit: 10, cursor: null, root: [smallRoot] };
  const sims: RunningSimulator[] = [];
  afterAll(() => Promise.all(sims.map((sim) => sim.close())));

  async function serveSmall(options: Partial<Parameters<typeof startSimulator>[0]> = {}): Promise<{ sim: RunningSimulator; settings: Settings }> {
    const sim = await startSimulator({ dataset: small, ...options });
    sims.push(sim);
    return { sim, settings: settingsFor(sim, { 'exporters.plan2learn.root_unit': smallRoot }) };
  }

  it('fails with one line naming Keycloak and the client when MO refuses a token fetched for that very try', async () => {
    const { sim, settings } = await serveSmall({ tokenLifetimeSeconds: 0 });
    const error = await connectToMo(settings, fastPolicy)
      .request(ManagersDocument, page)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    expect((error as P2lError).message).toBe(
      `MO at ${sim.url}/graphql/v29 refused a token just fetched from Keycloak at ${sim.url}/auth/realms/mo/protocol/openid-connect/token ` +
        `for client "dipex" (Managers: "User is not authenticated"): ` +
        "check that crontab.AUTH_SERVER and the realm are the Keycloak MO trusts, that the client is enabled there, and MO's and Keycloak's clocks",
    );
    expect((error as P2lError).message).not.toContain('dipex-secret');
    expect([sim.stats.graphqlRequests, sim.stats.tokenRequests]).toEqual([2, 2]);
  });

  it('fails a run at once, exit 1, naming the role and the collection, when the client lacks read_manager', async () => {
    const { sim, settings } = await serveSmall({ clientRoles: { dipex: everyRole.filter((role) => role !== 'read_manager') } });
    const line =
      `MO at ${sim.url}/graphql/v29 refused Managers ("No policy approved the access" at managers): ` +
      'client "dipex" needs Keycloak role read_manager to read MO\'s manager collection; give it that role in Keycloak';
    for (const thrown of [false, true]) {
      sim.resetStats();
      const error = await connectToMo(settings, fastPolicy)
        .request(ManagersDocument, page, { throwExecutionErrors: () => thrown })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(P2lError);
      expect([(error as P2lError).message, (error as P2lError).exitCode]).toEqual([line, 1]);
      expect([sim.stats.graphqlRequests, sim.stats.tokenRequests]).toEqual([1, 1]);
    }
    sim.resetStats();
    const run = await fetchSnapshot(connectToMo(settings, fastPolicy), planFor(settings, { concurrency: 1 })).catch((e: unknown) => e);
    expect((run as P2lError).message).toBe(line);
    expect(sim.stats.byOperation.Managers).toBe(1);
  });

  it("names the role a nested field needs: read_employee for a manager's person", async () => {
    const { sim, settings } = await serveSmall({ clientRoles: { dipex: everyRole.filter((role) => role !== 'read_employee') } });
    const error = await connectToMo(settings, fastPolicy)
      .request(ManagersDocument, page)
      .catch((e: unknown) => e);
    expect((error as P2lError).message).toMatch(
      new RegExp(
        `^MO at ${sim.url.replace(/\./g, '\\.')}/graphql/v29 refused Managers \\("No policy approved the access" at managers\\.objects\\.\\d+\\.validities\\.\\d+\\.person_response\\): ` +
          'client "dipex" needs Keycloak role read_employee to read MO\'s employee collection; give it that role in Keycloak$',
      ),
    );
    expect(sim.stats.graphqlRequests).toBe(1);
  });
});
