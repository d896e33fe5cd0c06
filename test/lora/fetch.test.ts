/**
 * fetchSnapshotFromLora end to end against one HTTP server on 127.0.0.1
 * playing LoRa (the samples), Keycloak and MO's GraphQL API (the DAR lookup).
 */
import { afterEach, expect, it } from 'vitest';
import { connectToLoraAndMo } from '../../src/lora/connect.js';
import { fetchSnapshotFromLora, type LoraFetchPlan } from '../../src/lora/fetch-snapshot.js';
import type { DarAnswer } from '../../src/snapshot.js';
import { translateSnapshot, type LoraData } from '../../src/lora/translate/snapshot.js';
import { parseListAnswer } from '../../src/lora/wire.js';
import type { RetryPolicy } from '../../src/http/retry.js';
import { resolveSettings } from '../../src/settings/load.js';
import type { DatasetName } from '../../src/snapshot.js';
import { P2lError } from '../../src/util/errors.js';
import { id, rawKlasse } from './builders.js';
import { describeWithInput } from '../support/required-input.js';
import { sampleJson, samplesInput } from './samples.js';
import { listPage, startServer, type Received, type Reply, type TestServer } from './server.js';

const today = '2026-06-15';
const kolding = 'f06ee470-9f17-566f-acbe-e938112d46d9';
const ansat = '06f95678-166a-455a-a2ab-121a8d92ea23';
const fastPolicy: RetryPolicy = { retries: 1, minDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 };

type Raw = Record<string, unknown>;
const listOf = (file: string): Raw[] => (sampleJson(file) as { results: Raw[][] }).results[0] ?? [];
const body = (name: string) => structuredClone(sampleJson(`create_organisationfunktion_${name}.json`)) as { relationer: Record<string, unknown[]> };
const wrap = (uuid: string, registration: unknown): Raw => ({ id: uuid, registreringer: [registration] });

/** LoRa's objects by walk, as raw JSON. */
function loraContent(): Record<keyof LoraData, Raw[]> {
  const facets = listOf('list-facet.json');
  const facetOf = (key: string): string => {
    const found = parseListAnswer({ results: [facets] }).find((f) => f.registreringer[0]?.attributter['facetegenskaber']?.[0]?.['brugervendtnoegle'] === key);
    if (!found) throw new Error(`no facet ${key} in list-facet.json`);
    return found.id;
  };
  const unitAddress = body('adresse_hum');
  unitAddress.relationer['tilknyttedeenheder'] = [{ uuid: kolding, virkning: { from: '2016-01-01 00:00:00+01:00', to: 'infinity' } }];
  return {
    facets,
    classes: [
      ...listOf('list-class_.json'),
      rawKlasse(ansat, facetOf('engagement_type'), 'Ansat'),
      rawKlasse('28d71012-2919-4b67-a2f0-7b59ed52561e', facetOf('org_unit_address_type'), 'Postadresse', 'DAR'),
      rawKlasse('c78eb6f7-8a9e-40b3-ac80-36b9f371c3e0', facetOf('employee_address_type'), 'Email', 'EMAIL'),
    ],
    units: listOf('list-org_unit.json'),
    persons: listOf('list-user.json'),
    engagements: [wrap(id('e0', 1), body('engagement_andersand')), wrap(id('e0', 2), body('engagement_eriksmidthansen'))],
    addresses: [wrap(id('ad', 1), unitAddress), wrap(id('ad', 2), body('email_andersand'))],
    managers: [wrap(id('d0', 1), body('leder'))],
  };
}

const walkOf: Record<string, keyof LoraData> = {
  '/lora/klassifikation/facet': 'facets',
  '/lora/klassifikation/klasse': 'classes',
  '/lora/organisation/organisationenhed': 'units',
  '/lora/organisation/bruger': 'persons',
  Engagement: 'engagements',
  Adresse: 'addresses',
  Leder: 'managers',
};

const darFields = { road_name: 'Nordre Ringgade', house_number: '1', floor: null, door: null, zip_code: '8000', zip_code_name: 'Aarhus C' };
const darAnswer: DarAnswer = {
  uuid: id('ad', 1),
  validities: [
    {
      name: 'Nordre Ringgade 1, 8000 Aarhus C',
      validity: { from: '2016-01-01T00:00:00+01:00', to: null },
      resolve: { __typename: 'DARAddress', ...darFields },
    },
  ],
};

/** LoRa pages, a Keycloak token, and MO's answers to DarAddresses for the uuids it knows. */
function answer(content: Record<keyof LoraData, Raw[]>, moKnows: readonly DarAnswer[]) {
  return (request: Received): Reply => {
    const { pathname, searchParams } = request.url;
    if (pathname.endsWith('/protocol/openid-connect/token')) return { body: JSON.stringify({ access_token: 'lora-and-mo', expires_in: 300 }) };
    if (pathname === '/graphql/v29') {
      const { variables } = JSON.parse(request.body) as { variables: { uuids: string[] } };
      const objects = moKnows.filter((a) => variables.uuids.includes(a.uuid));
      return { body: JSON.stringify({ data: { addresses: { objects, page_info: { next_cursor: null } } } }) };
    }
    const walk = walkOf[searchParams.get('funktionsnavn') ?? pathname];
    return walk ? listPage(content[walk], request.url) : { status: 404, body: 'no such path' };
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves `content` and MO's answers (see `answer`), and connects to that server as p2l does. */
async function serve(content: Record<keyof LoraData, Raw[]>, moKnows: readonly DarAnswer[]) {
  server = await startServer(answer(content, moKnows));
  const settings = resolveSettings(
    {
      'mora.base': server.url,
      'crontab.CLIENT_SECRET': 'secret',
      'exporters.plan2learn.root_unit': kolding,
      'exporters.plan2learn.allowed_engagement_types': [ansat],
    },
    {},
    'test settings',
  );
  return { ...connectToLoraAndMo(settings, fastPolicy), received: server.received };
}

const planOf = (plan: Partial<LoraFetchPlan> = {}): LoraFetchPlan => ({
  today,
  rootUnit: kolding,
  engagementTypes: [ansat],
  withHistory: false,
  positionExtensionField: 'extension_2',
  pageSize: 100,
  concurrency: 3,
  resolveDar: true,
  ...plan,
});

async function fetchFrom(moKnows: readonly DarAnswer[], plan: Partial<LoraFetchPlan> = {}) {
  const content = loraContent();
  const { lora, mo, received } = await serve(content, moKnows);
  const progress = new Set<DatasetName>();
  const result = await fetchSnapshotFromLora(lora, mo, planOf({ onProgress: (dataset) => progress.add(dataset), ...plan }));
  return { result, content, received, lora, mo, progress };
}

describeWithInput(samplesInput, 'fetchSnapshotFromLora', () => {
  it("walks every kind, translates it, and adds MO's answers for the units' DAR addresses", async () => {
    const { result, content, received, lora, progress } = await fetchFrom([darAnswer]);
    const data = Object.fromEntries(Object.entries(content).map(([walk, objects]) => [walk, parseListAnswer({ results: [objects] })])) as unknown as LoraData;
    const expected = translateSnapshot(data, { today, rootUnit: kolding, engagementTypes: [ansat], withHistory: false });
    expect(result).toEqual({ snapshot: { ...expected, darAddresses: [darAnswer], unresolvedDar: [] }, notLookedUp: 0 });
    expect(result.snapshot.units.find((u) => u.uuid === kolding)?.validities[0]?.addresses_response.objects[0]?.validities[0]?.value).toBe(
      'b1f1817d-5f02-4331-b8b3-97330a5d3197',
    );
    expect(result.snapshot.persons).toHaveLength(897);
    expect(result.snapshot.engagements.map((e) => e.uuid)).toEqual([id('e0', 1), id('e0', 2)]);

    const loraRequests = received.filter((r) => r.url.pathname.startsWith('/lora/'));
    // One page each, but 9 for 897 persons, 2 for 84 units... as the page size of 100 implies.
    const pages = (n: number) => Math.floor(n / 100) + 1;
    expect(loraRequests).toHaveLength(Object.values(content).reduce((sum, objects) => sum + pages(objects.length), 0));
    expect(lora.traffic.requests).toBe(loraRequests.length);
    expect(loraRequests.every((r) => r.authorization === 'Bearer lora-and-mo' && r.url.searchParams.get('virkningfra') === today)).toBe(true);
    expect(received.filter((r) => r.url.pathname.endsWith('/token'))).toHaveLength(1);
    const darRequests = received.filter((r) => r.url.pathname === '/graphql/v29');
    expect(darRequests.map((r) => (JSON.parse(r.body) as { variables: unknown }).variables)).toEqual([
      { uuids: [id('ad', 1)], today: '2026-06-15T00:00:00+02:00', limit: 100, cursor: null },
    ]);
    expect([...progress].sort()).toEqual(['darAddresses', 'engagements', 'jobFunctions', 'managers', 'persons', 'units']);
  });

  it('counts an object listed again on a later page once, as listed last (pages overlapping after a change)', async () => {
    type RawPerson = { id: string; registreringer: { attributter: { brugerudvidelser: { fornavn: string }[] } }[] };
    const content = loraContent();
    const again = structuredClone(content.persons[0]) as RawPerson;
    const renamed = again.registreringer[0]?.attributter.brugerudvidelser[0];
    if (renamed === undefined) throw new Error('list-user.json: the first person has no brugerudvidelser');
    renamed.fornavn = 'Listet igen';
    content.persons.push(again);
    const { lora, mo } = await serve(content, [darAnswer]);
    const { persons } = (await fetchSnapshotFromLora(lora, mo, planOf({ concurrency: 2 }))).snapshot;
    expect(persons).toHaveLength(897);
    expect(persons.map((p) => p.uuid)).toEqual([...persons.map((p) => p.uuid)].sort());
    expect(persons.find((p) => p.uuid === again.id)?.validities[0]?.name).toMatch(/^Listet igen /);
  });

  it('reads the whole history of engagements when asked for it', async () => {
    const { result, received } = await fetchFrom([darAnswer], { withHistory: true });
    const engagementRequests = received.filter((r) => r.url.searchParams.get('funktionsnavn') === 'Engagement');
    expect(engagementRequests.map((r) => [r.url.searchParams.get('virkningfra'), r.url.searchParams.get('virkningtil')])).toEqual([['-infinity', 'infinity']]);
    const others = received.filter((r) => r.url.pathname.startsWith('/lora/') && r.url.searchParams.get('funktionsnavn') !== 'Engagement');
    expect(others.every((r) => r.url.searchParams.get('virkningfra') === today)).toBe(true);
    expect(result.snapshot.engagements.map((e) => e.history)).toEqual([
      [{ validity: { from: '2017-01-01T00:00:00+01:00' } }],
      [{ validity: { from: '2005-12-01T00:00:00+01:00' } }],
    ]);
  });

  it('lists the DAR addresses MO does not answer for as unresolved, and counts all of them without the lookup', async () => {
    const unknown = (await fetchFrom([])).result;
    expect(unknown.snapshot.darAddresses).toEqual([]);
    expect(unknown.snapshot.unresolvedDar).toEqual([{ uuid: id('ad', 1) }]);
    expect(unknown.notLookedUp).toBe(0);
    await server?.close();
    const { result, received } = await fetchFrom([darAnswer], { resolveDar: false });
    expect(result.notLookedUp).toBe(1);
    expect(received.some((r) => r.url.pathname === '/graphql/v29')).toBe(false);
    expect(result.snapshot.darAddresses).toEqual([]);
    expect(result.snapshot.unresolvedDar).toEqual([]);
  });

  it('needs an MO client to resolve DAR addresses', async () => {
    const { lora } = await serve(loraContent(), []);
    await expect(fetchSnapshotFromLora(lora, null, planOf({ concurrency: 2 }))).rejects.toThrow(P2lError);
  });
});
