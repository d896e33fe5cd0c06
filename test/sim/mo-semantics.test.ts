/**
 * The simulator's time semantics, each as OS2mo's own source has it:
 * exclusive `to`, MO's overlap rule for windows, `current(at:)`, and the
 * dates of nested filters.
 */
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/server.js';
import { serveSimulator } from '../support/sim-fixture.js';
import { getToken } from './client.js';
import { fixture, morning, unit } from './fixture.js';

interface Objects<T> {
  objects: T[];
}

describe("the simulator's windows, as MO has them", () => {
  const mo = serveSimulator({ now: () => morning, tokenLifetimeSeconds: 10 ** 9 });

  // Børnehave (unit 3) is renamed Børnehuset on 2026-07-01.
  const unit3 = async (field: string) => {
    const answer = await mo.data<{ org_units: Objects<Record<string, unknown>> }>(
      `{ org_units(filter: { uuids: ["${unit(3)}"], from_date: null, to_date: null }) { objects { ${field} } } }`,
    );
    return answer.org_units.objects[0];
  };
  const validities = async (args: string) => (await unit3(`validities${args} { name validity { from to } }`))?.validities;
  const before = { name: 'Børnehave', validity: { from: '2000-01-01T00:00:00+01:00', to: '2026-07-01T00:00:00+02:00' } };
  const after = { name: 'Børnehuset', validity: { from: '2026-07-01T00:00:00+02:00', to: null } };

  // OS2mo tests/graphapi/test_v28.py (test_off_by_zero_or_one): from v29 on, one version's `to` is the next one's `from`.
  it('writes `to` as the first day no longer valid', async () => {
    expect(await validities('(start: null, end: null)')).toEqual([before, after]);
  });

  // OS2mo mora/util.py do_ranges_overlap: max(a, from) < min(b, to); an empty window overlaps nothing.
  it('answers an empty window with nothing, and a window ending where a version starts without it', async () => {
    expect(await validities('(start: "2026-06-15", end: "2026-06-15")')).toEqual([]);
    expect(await validities('(start: "2026-06-30", end: "2026-07-01")')).toEqual([before]);
    expect(await validities('(start: "2026-07-01", end: "2026-07-02")')).toEqual([after]);
    const answer = await mo.data<{ org_units: Objects<unknown> }>(
      '{ org_units(filter: { from_date: "2026-06-15", to_date: "2026-06-15" }) { objects { uuid } } }',
    );
    expect(answer.org_units.objects).toEqual([]);
  });

  // OS2mo mora/graphapi/response.py current_resolver: current(at: X) is the one version in [X, X + 1 ms).
  it('answers current(at:) with the version valid at that moment', async () => {
    expect(await unit3('current(at: "2026-06-30T23:59:59.999+02:00") { name }')).toEqual({ current: { name: 'Børnehave' } });
    expect(await unit3('current(at: "2026-07-01") { name }')).toEqual({ current: { name: 'Børnehuset' } });
  });

  // OS2mo mora/graphapi/resolvers.py, the `ancestor` part of the unit predicate: the nested filter's own
  // dates (omitted: now) pick the ancestors; the outer window picks the parent links below them.
  it("takes a nested ancestor filter's own dates, defaulting to the server's now, not the outer filter's", async () => {
    const units = async (filter: string) =>
      (await mo.data<{ org_units: Objects<{ uuid: string }> }>(`{ org_units(filter: ${filter}) { objects { uuid } } }`)).org_units.objects.map((u) => u.uuid);
    // Fremtid (unit 6) opens on 2026-09-01; the server's now is 2026-06-15.
    expect(await units(`{ ancestor: { uuids: ["${unit(6)}"] }, from_date: "2026-09-01", to_date: null }`)).toEqual([]);
    expect(await units(`{ ancestor: { uuids: ["${unit(6)}"], from_date: "2026-09-01", to_date: null }, from_date: "2026-09-01", to_date: null }`)).toEqual([
      unit(6),
    ]);
    // Lukket (unit 5) closed in 2020: as an ancestor it is found only in a window of its own that reaches back.
    expect(await units(`{ ancestor: { uuids: ["${unit(5)}"] }, from_date: null, to_date: null }`)).toEqual([]);
    expect(await units(`{ ancestor: { uuids: ["${unit(5)}"], from_date: null, to_date: null }, from_date: null, to_date: null }`)).toEqual([unit(5)]);
  });
});

describe("the simulator's versions, as MO's router has them", () => {
  // OS2mo mora/graphapi/router.py redirect_to_latest_graphiql: GET /graphql redirects (307) to the newest version.
  it('redirects /graphql to the newest version and serves each version from v29 to it', async () => {
    const sim = await startSimulator({ dataset: fixture(), newestVersion: 31 });
    try {
      const redirect = await fetch(`${sim.url}/graphql`, { redirect: 'manual' });
      expect([redirect.status, redirect.headers.get('location')]).toEqual([307, '/graphql/v31']);
      const token = await getToken(sim);
      for (const version of [29, 30, 31]) {
        const answer = await fetch(`${sim.url}/graphql/v${version}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query: `{ org_units(filter: { uuids: ["${unit(1)}"] }) { objects { uuid } } }` }),
        });
        expect(await answer.json()).toEqual({ data: { org_units: { objects: [{ uuid: unit(1) }] } } });
      }
      expect((await fetch(`${sim.url}/graphql/v28`, { method: 'POST', body: '{}' })).status).toBe(404);
      expect((await fetch(`${sim.url}/graphql/v32`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await sim.close();
    }
  });
});
