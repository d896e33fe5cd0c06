import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, PersonVersion, Temporal } from '../../src/dataset/format.js';
import { parseDataset } from '../../src/dataset/load.js';
import { DarAddressesDocument, type DarAddressesQuery } from '../../src/generated/graphql.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { serveSimulator } from '../support/sim-fixture.js';
import { getToken } from './client.js';
import { address, boernevejDar, cls, engagement, facet, id, manager, morning, person, soendersoevejDar, today, unit } from './fixture.js';
import { loraFixture } from './lora-fixture.js';

type Params = Record<string, string | readonly string[]>;

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

interface Results<T> {
  results: [T[]];
}

interface LoraObject {
  id: string;
  registreringer: [{ attributter?: Record<string, unknown[]>; tilstande?: Record<string, unknown[]>; relationer?: Record<string, unknown[]> }];
}

const organisation = id('00', 1);
const allHistory = { virkningfra: '-infinity', virkningtil: 'infinity' };
const always = ['-infinity', 'infinity'] as const;
const since2000 = ['2000-01-01 00:00:00+01', 'infinity'] as const;

function searchOf(params: Params): URLSearchParams {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of typeof value === 'string' ? [value] : value) search.append(name, one);
  }
  return search;
}

async function get(sim: RunningSimulator, token: string | undefined, path: string, params: Params = {}, method = 'GET'): Promise<Answer> {
  const query = searchOf(params).toString();
  const response = await fetch(`${sim.url}/lora/${path}${query === '' ? '' : `?${query}`}`, {
    method,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as unknown };
}

/** One list element as LoRa writes it: its fields and its virkning [from, to). */
const element = ([from, to]: readonly [string, string], fields: Record<string, string>) => ({
  ...fields,
  virkning: { from, to, from_included: true, to_included: false },
});

const registration = {
  fratidspunkt: { tidsstempeldatotid: '2026-06-15T10:00:00.000+02:00', graenseindikator: true },
  tiltidspunkt: { tidsstempeldatotid: 'infinity' },
  livscykluskode: 'Importeret',
  note: 'Oprettet i MO',
  brugerref: '42c432e8-9c4a-11e6-9f62-873cf34a735f',
};

const loraObject = (uuid: string, groups: Record<string, Record<string, unknown[]>>) => ({
  id: uuid,
  registreringer: [{ ...registration, ...groups }],
});

const aktiv = { gyldighed: 'Aktiv' };
const inaktiv = { gyldighed: 'Inaktiv' };
const ref = (uuid: string, objekttype?: string): Record<string, string> => (objekttype === undefined ? { uuid } : { uuid, objekttype });

/** An organisationfunktion Aktiv from `since` on, its uuid as its user key. */
const activeFunction = (uuid: string, since: readonly [string, string], funktionsnavn: string, relationer: Record<string, unknown[]>) =>
  loraObject(uuid, {
    attributter: { organisationfunktionegenskaber: [element(since, { brugervendtnoegle: uuid, funktionsnavn })] },
    tilstande: { organisationfunktiongyldighed: [element(since, aktiv)] },
    relationer,
  });

describe('the simulated LoRa', () => {
  const mo = serveSimulator({ dataset: loraFixture(), now: () => morning });

  const lora = async (path: string, params: Params = {}): Promise<Answer> => get(mo.sim, mo.token, path, params);
  /** The answer's results, failing unless HTTP 200. */
  const results = async <T>(path: string, params: Params = {}): Promise<T[]> => {
    const answer = await lora(path, params);
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
    return (answer.body as Results<T>).results[0];
  };
  /** The whole objects of the given uuids over all of history. */
  const objects = (path: string, ...uuids: string[]) => results<LoraObject>(path, { uuid: uuids, ...allHistory });
  const one = async (path: string, uuid: string, params: Params = allHistory): Promise<LoraObject> => {
    const [found, ...more] = await results<LoraObject>(path, { uuid, ...params });
    if (found === undefined || more.length > 0) throw new Error(`expected exactly ${uuid}`);
    return found;
  };
  const uuids = (path: string, params: Params) => results<string>(path, params);

  it('uses a fixture the dataset loader accepts', () => {
    expect(() => parseDataset(JSON.stringify(loraFixture()), 'lora.json')).not.toThrow();
  });

  describe('the objects as MO writes them', () => {
    it('writes a unit under the organisation (no parent) and one under another unit', async () => {
      expect(await objects('organisation/organisationenhed', unit(2), unit(1))).toEqual([
        loraObject(unit(1), {
          attributter: { organisationenhedegenskaber: [element(since2000, { brugervendtnoegle: 'u', enhedsnavn: 'Kommune' })] },
          tilstande: { organisationenhedgyldighed: [element(since2000, aktiv)] },
          relationer: {
            overordnet: [element(since2000, ref(organisation))],
            tilhoerer: [element(since2000, ref(organisation))],
            niveau: [element(since2000, ref(cls(6)))],
          },
        }),
        loraObject(unit(2), {
          attributter: { organisationenhedegenskaber: [element(since2000, { brugervendtnoegle: 'u', enhedsnavn: 'Skole' })] },
          tilstande: { organisationenhedgyldighed: [element(since2000, aktiv)] },
          relationer: { overordnet: [element(since2000, ref(unit(1)))], tilhoerer: [element(since2000, ref(organisation))] },
        }),
      ]);
    });

    it('writes one element per version, even where values do not change', async () => {
      const moved = (await one('organisation/organisationenhed', unit(3))).registreringer[0];
      const before = ['2000-01-01 00:00:00+01', '2026-07-01 00:00:00+02'] as const;
      const after = ['2026-07-01 00:00:00+02', 'infinity'] as const;
      expect(moved.relationer).toEqual({
        overordnet: [element(before, ref(unit(2))), element(after, ref(unit(4)))],
        tilhoerer: [element(before, ref(organisation)), element(after, ref(organisation))],
      });
      expect(moved.tilstande).toEqual({ organisationenhedgyldighed: [element(before, aktiv), element(after, aktiv)] });
    });

    it('writes a person with a CPR number, and one without (starting the day summer time begins)', async () => {
      const summer = ['2026-03-29 00:00:00+01', 'infinity'] as const;
      expect(await objects('organisation/bruger', person(1), person(2))).toEqual([
        loraObject(person(1), {
          attributter: {
            brugeregenskaber: [element(since2000, { brugervendtnoegle: person(1) })],
            brugerudvidelser: [element(since2000, { fornavn: 'Anna', efternavn: 'Andersen' })],
          },
          tilstande: { brugergyldighed: [element(since2000, aktiv)] },
          relationer: {
            tilhoerer: [element(since2000, ref(organisation))],
            tilknyttedepersoner: [element(since2000, { urn: 'urn:dk:cpr:person:0101901234' })],
          },
        }),
        loraObject(person(2), {
          attributter: {
            brugeregenskaber: [element(summer, { brugervendtnoegle: person(2) })],
            brugerudvidelser: [element(summer, { fornavn: 'Bo', efternavn: 'Berg' })],
          },
          tilstande: { brugergyldighed: [element(summer, aktiv)] },
          relationer: { tilhoerer: [element(summer, ref(organisation))] },
        }),
      ]);
    });

    it('writes an engagement with a gap around the summer-time change that ends: Inaktiv in the gap and after, attributes to infinity', async () => {
      const first = ['2026-01-01 00:00:00+01', '2026-03-29 00:00:00+01'] as const;
      const gap = ['2026-03-29 00:00:00+01', '2026-03-30 00:00:00+02'] as const;
      const second = ['2026-03-30 00:00:00+02', '2027-01-01 00:00:00+01'] as const;
      const last = ['2026-03-30 00:00:00+02', 'infinity'] as const;
      const ended = ['2027-01-01 00:00:00+01', 'infinity'] as const;
      const both = (fields: Record<string, string>) => [element(first, fields), element(last, fields)];
      expect(await one('organisation/organisationfunktion', engagement(6))).toEqual(
        loraObject(engagement(6), {
          attributter: {
            organisationfunktionegenskaber: both({ brugervendtnoegle: 'E6', funktionsnavn: 'Engagement' }),
            organisationfunktionudvidelser: [element(first, { udvidelse_1: 'Første', udvidelse_10: 'Tiende' })],
          },
          tilstande: {
            organisationfunktiongyldighed: [element(first, aktiv), element(gap, inaktiv), element(second, aktiv), element(ended, inaktiv)],
          },
          relationer: {
            organisatoriskfunktionstype: both(ref(cls(4))),
            opgaver: [element(first, ref(cls(1))), element(last, ref(cls(2)))],
            tilknyttedebrugere: both(ref(person(1))),
            tilknyttedeenheder: both(ref(unit(7))),
            tilknyttedeorganisationer: both(ref(organisation)),
            primær: both(ref(cls(9))),
          },
        }),
      );
    });

    it('writes an ended engagement with its attributes and relations to infinity and only the state ending', async () => {
      const since = ['2010-01-01 00:00:00+01', 'infinity'] as const;
      expect(await one('organisation/organisationfunktion', engagement(2))).toEqual(
        loraObject(engagement(2), {
          attributter: { organisationfunktionegenskaber: [element(since, { brugervendtnoegle: 'E2', funktionsnavn: 'Engagement' })] },
          tilstande: {
            organisationfunktiongyldighed: [
              element(['2010-01-01 00:00:00+01', '2020-01-01 00:00:00+01'], aktiv),
              element(['2020-01-01 00:00:00+01', 'infinity'], inaktiv),
            ],
          },
          relationer: {
            organisatoriskfunktionstype: [element(since, ref(cls(4)))],
            opgaver: [element(since, ref(cls(1)))],
            tilknyttedebrugere: [element(since, ref(person(1)))],
            tilknyttedeenheder: [element(since, ref(unit(3)))],
            tilknyttedeorganisationer: [element(since, ref(organisation))],
            primær: [element(since, ref(cls(9)))],
          },
        }),
      );
    });

    it('writes an address with its owner, type, URN and visibility', async () => {
      expect(await one('organisation/organisationfunktion', address(3))).toEqual(
        activeFunction(address(3), since2000, 'Adresse', {
          tilknyttedebrugere: [element(since2000, ref(person(1)))],
          organisatoriskfunktionstype: [element(since2000, ref(cls(10)))],
          adresser: [element(since2000, { urn: 'urn:mailto:anna@example.dk', objekttype: 'EMAIL' })],
          opgaver: [element(since2000, ref(cls(14), 'synlighed'))],
          tilknyttedeorganisationer: [element(since2000, ref(organisation))],
        }),
      );
    });

    it("writes each kind of address's URN with the type's scope as objekttype", async () => {
      const found = await results<LoraObject>('organisation/organisationfunktion', { funktionsnavn: 'Adresse', bvn: '%', list: '1', ...allHistory });
      const urns = Object.fromEntries(
        found.map((object) => [object.id, object.registreringer[0].relationer?.adresser?.map((a) => ({ ...(a as object), virkning: undefined }))]),
      );
      const urn = (text: string, objekttype: string) => [{ urn: text, objekttype, virkning: undefined }];
      expect(urns).toEqual({
        [address(1)]: urn(`urn:dar:${id('da', 1)}`, 'DAR'),
        [address(2)]: urn(`urn:dar:${id('da', 2)}`, 'DAR'),
        [address(3)]: urn('urn:mailto:anna@example.dk', 'EMAIL'),
        [address(4)]: urn('urn:magenta.dk:telefon:12345678', 'PHONE'),
        [address(5)]: urn('urn:mailto:anna.old@example.dk', 'EMAIL'),
        [address(6)]: urn(`urn:dar:${id('da', 6)}`, 'DAR'),
        [address(7)]: urn('urn:text:Fake%20afdelingskode%2F%C3%86%261', 'TEXT'),
        [address(8)]: urn('urn:magenta.dk:ean:5798000000001', 'EAN'),
        [address(9)]: urn('urn:dk:cvr:produktionsenhed:1003388394', 'PNUMBER'),
        [address(10)]: urn('urn:magenta.dk:www:https://example.dk/skole', 'WWW'),
      });
    });

    it('writes a unit address with tilknyttedeenheder', async () => {
      const relations = (await one('organisation/organisationfunktion', address(1))).registreringer[0].relationer;
      expect(relations?.tilknyttedeenheder).toEqual([element(since2000, ref(unit(1)))]);
      expect(relations?.tilknyttedebrugere).toBeUndefined();
      expect(relations?.opgaver).toBeUndefined();
    });

    it('writes a vacant manager without tilknyttedebrugere, one opgave per responsibility and one for the level', async () => {
      const since = ['2026-01-01 00:00:00+01', 'infinity'] as const;
      expect(await one('organisation/organisationfunktion', manager(4))).toEqual(
        activeFunction(manager(4), since, 'Leder', {
          organisatoriskfunktionstype: [element(since, ref(cls(17)))],
          opgaver: [element(since, ref(cls(15), 'lederansvar')), element(since, ref(cls(16), 'lederansvar')), element(since, ref(cls(18), 'lederniveau'))],
          tilknyttedeenheder: [element(since, ref(unit(7)))],
          tilknyttedeorganisationer: [element(since, ref(organisation))],
        }),
      );
    });

    it('writes facets, classes (omfang only when set) and the organisation as valid always', async () => {
      const publiceret = { klassepubliceret: [element(always, { publiceret: 'Publiceret' })] };
      const owner = [element(always, ref(organisation, 'organisation'))];
      expect(await objects('klassifikation/klasse', cls(10), cls(1))).toEqual([
        loraObject(cls(1), {
          attributter: { klasseegenskaber: [element(always, { brugervendtnoegle: 'Pædagog', titel: 'Pædagog' })] },
          tilstande: publiceret,
          relationer: { ansvarlig: owner, facet: [element(always, ref(facet(1), 'facet'))] },
        }),
        loraObject(cls(10), {
          attributter: { klasseegenskaber: [element(always, { brugervendtnoegle: 'E-mail', titel: 'E-mail', omfang: 'EMAIL' })] },
          tilstande: publiceret,
          relationer: { ansvarlig: owner, facet: [element(always, ref(facet(5), 'facet'))] },
        }),
      ]);
      expect(await one('klassifikation/facet', facet(7))).toEqual(
        loraObject(facet(7), {
          attributter: { facetegenskaber: [element(always, { brugervendtnoegle: 'visibility' })] },
          tilstande: { facetpubliceret: [element(always, { publiceret: 'Publiceret' })] },
          relationer: { ansvarlig: owner },
        }),
      );
      expect(await results('organisation/organisation', { bvn: '%', list: '1' })).toEqual([
        loraObject(organisation, {
          attributter: { organisationegenskaber: [element(always, { brugervendtnoegle: 'Testkommune', organisationsnavn: 'Testkommune' })] },
          tilstande: { organisationgyldighed: [element(always, aktiv)] },
        }),
      ]);
    });
  });

  describe('windows', () => {
    const e1Lists = async (params: Params) => (await one('organisation/organisationfunktion', engagement(1), params)).registreringer[0];

    it('defaults to the moment now, and includes whole elements overlapping the window', async () => {
      const now = await e1Lists({});
      const first = ['2020-01-01 00:00:00+01', '2026-07-01 00:00:00+02'] as const;
      expect(now.relationer?.opgaver).toEqual([element(first, ref(cls(1)))]);
      expect(now.attributter?.organisationfunktionudvidelser).toEqual([element(first, { udvidelse_2: 'Souschef' })]);
    });

    it('takes a window from a day on, leaving out lists with nothing in it', async () => {
      const later = await e1Lists({ virkningfra: '2026-07-01', virkningtil: 'infinity' });
      expect(later.relationer?.opgaver).toEqual([element(['2026-07-01 00:00:00+02', 'infinity'], ref(cls(2)))]);
      expect(later.attributter?.organisationfunktionudvidelser).toBeUndefined();
      // One bound alone leaves the other open, as in LoRa.
      expect(await e1Lists({ virkningfra: '2026-07-01' })).toEqual(later);
    });

    it("takes timestamps with LoRa's short offsets, virkningstid, and an open start", async () => {
      const justBefore = await e1Lists({ virkningstid: '2026-06-30 23:59:59+02' });
      expect(justBefore.relationer?.opgaver).toEqual([element(['2020-01-01 00:00:00+01', '2026-07-01 00:00:00+02'], ref(cls(1)))]);
      const until = await e1Lists({ virkningtil: '2026-07-01T00:00:00.001+02:00' });
      expect(until.relationer?.opgaver).toHaveLength(2);
    });

    it('finds only objects with a properties element in the window: a terminated one still, a future one not yet', async () => {
      // Person 3 ended in 2020, but MO left its attributes open; person 4 starts in August.
      expect(await uuids('organisation/bruger', { bvn: '%' })).toEqual([person(1), person(2), person(3), person(5)]);
      expect(await uuids('organisation/bruger', { bvn: '%', virkningfra: today, virkningtil: 'infinity' })).toEqual([1, 2, 3, 4, 5].map(person));
      // In the one-day gap of engagement 6 it has no properties, only its Inaktiv state.
      const inGap = { virkningstid: '2026-03-29T12:00:00+02:00' };
      expect(await uuids('organisation/organisationfunktion', { funktionsnavn: 'Engagement', bvn: '%', uuid: engagement(6), ...inGap })).toEqual([]);
      expect((await one('organisation/organisationfunktion', engagement(6), inGap)).registreringer[0]).toEqual({
        ...registration,
        tilstande: { organisationfunktiongyldighed: [element(['2026-03-29 00:00:00+01', '2026-03-30 00:00:00+02'], inaktiv)] },
      });
    });

    it('finds nothing in an empty window', async () => {
      expect(await uuids('organisation/bruger', { bvn: '%', virkningfra: today, virkningtil: today })).toEqual([]);
    });
  });

  describe('search and list operations', () => {
    const engagements = { funktionsnavn: 'Engagement', bvn: '%', ...allHistory };

    it('answers uuids without list, whole objects with it, and {"results": [[]]} when nothing matches', async () => {
      expect(await lora('organisation/organisationfunktion', { ...engagements, funktionsnavn: 'Leder' })).toMatchObject({
        status: 200,
        body: { results: [[manager(1), manager(2), manager(3), manager(4)]] },
      });
      const whole = await results<LoraObject>('organisation/organisationfunktion', { ...engagements, funktionsnavn: 'Leder', list: '1' });
      expect(whole.map((object) => object.id)).toEqual([1, 2, 3, 4].map(manager));
      expect((await lora('organisation/organisationfunktion', { ...engagements, funktionsnavn: 'Tilknytning' })).body).toEqual({ results: [[]] });
    });

    it('matches bvn and funktionsnavn as ILIKE patterns', async () => {
      expect(await uuids('organisation/organisationfunktion', { ...engagements, funktionsnavn: 'engage%', bvn: 'e_' })).toEqual(
        [1, 2, 3, 4, 5, 6].map(engagement),
      );
      expect(await uuids('organisation/organisationfunktion', { ...engagements, bvn: 'E6' })).toEqual([engagement(6)]);
      expect(await uuids('klassifikation/klasse', { brugervendtnoegle: '%løn' })).toEqual([cls(3), cls(4)]);
      // Without funktionsnavn, every kind of organisationfunktion, ordered by uuid.
      const all = await uuids('organisation/organisationfunktion', { bvn: '%', ...allHistory });
      expect(all).toHaveLength(10 + 6 + 4);
      expect(all).toEqual([...all].sort());
    });

    it('pages by foersteresultat and maximalantalresultater over the matching objects, ordered by uuid', async () => {
      const page = (offset: number, size: number) =>
        uuids('organisation/organisationfunktion', { ...engagements, foersteresultat: String(offset), maximalantalresultater: String(size) });
      expect(await page(0, 4)).toEqual([1, 2, 3, 4].map(engagement));
      expect(await page(4, 4)).toEqual([engagement(5), engagement(6)]);
      expect(await page(8, 4)).toEqual([]);
      // Paging counts only objects matching in the window: person 4 (future) is not on the page.
      expect(await uuids('organisation/bruger', { bvn: '%', foersteresultat: '2', maximalantalresultater: '2' })).toEqual([person(3), person(5)]);
      const objects = await results<LoraObject>('organisation/organisationfunktion', {
        ...engagements,
        list: '1',
        foersteresultat: '1',
        maximalantalresultater: '2',
      });
      expect(objects.map((object) => object.id)).toEqual([engagement(2), engagement(3)]);
    });

    it('takes one uuid in a search, and several in a list operation (only uuid, virkning and konsolider)', async () => {
      expect(await uuids('organisation/organisationfunktion', { ...engagements, uuid: engagement(3).toUpperCase() })).toEqual([engagement(3)]);
      expect(await uuids('organisation/organisationfunktion', { funktionsnavn: 'Engagement', uuid: engagement(3) })).toEqual([]);
      const listed = await results<LoraObject>('organisation/organisationfunktion', {
        uuid: [engagement(3), engagement(1), person(1), id('ff', 1)],
        ...allHistory,
      });
      expect(listed.map((object) => object.id)).toEqual([engagement(1), engagement(3)]);
      // The list operation takes the moment too: the future engagement is not there now.
      expect((await results<LoraObject>('organisation/organisationfunktion', { uuid: [engagement(3), engagement(1)] })).map((object) => object.id)).toEqual([
        engagement(1),
      ]);
      expect(await lora('organisation/organisationfunktion', { ...engagements, uuid: [engagement(1), engagement(3)] })).toMatchObject({
        status: 400,
        body: { message: 'Multiple uuid parameters passed to search operation. Only one uuid parameter is supported.' },
      });
    });

    it('lists every object active now with no parameters at all', async () => {
      expect((await results<LoraObject>('organisation/organisationenhed')).map((object) => object.id)).toEqual([1, 2, 3, 4, 5, 7].map(unit));
    });

    it('selects by gyldighed: active (or inactive) at some time in the window', async () => {
      expect(await uuids('organisation/bruger', { bvn: '%', gyldighed: 'Aktiv' })).toEqual([person(1), person(2), person(5)]);
      expect(await uuids('organisation/bruger', { bvn: '%', gyldighed: 'Inaktiv' })).toEqual([person(3)]);
      expect(await uuids('organisation/bruger', { bvn: '%', gyldighed: 'Aktiv', ...allHistory })).toEqual([1, 2, 3, 4, 5].map(person));
      expect(await uuids('organisation/organisationfunktion', { ...engagements, gyldighed: 'Aktiv', virkningfra: '2020-01-01' })).toEqual(
        [1, 3, 4, 5, 6].map(engagement),
      );
      expect(await uuids('klassifikation/facet', { publiceret: 'Publiceret' })).toHaveLength(10);
    });

    it('merges adjacent equal elements with konsolider, and only then', async () => {
      const lists = async (params: Params) => (await one('organisation/organisationfunktion', engagement(5), { ...allHistory, ...params })).registreringer[0];
      const before = ['2000-01-01 00:00:00+01', '2026-07-01 00:00:00+02'] as const;
      const after = ['2026-07-01 00:00:00+02', 'infinity'] as const;
      const merged = await lists({ konsolider: 'True' });
      expect(merged.tilstande).toEqual({ organisationfunktiongyldighed: [element(since2000, aktiv)] });
      expect(merged.relationer?.tilknyttedebrugere).toEqual([element(since2000, ref(person(5)))]);
      expect(merged.relationer?.organisatoriskfunktionstype).toEqual([element(before, ref(cls(3))), element(after, ref(cls(4)))]);
      const separate = await lists({});
      expect(separate.relationer?.tilknyttedebrugere).toEqual([element(before, ref(person(5))), element(after, ref(person(5)))]);
      // The merged element overlaps a later window whole.
      const later = await lists({ konsolider: '1', virkningfra: '2026-08-01', virkningtil: 'infinity' });
      expect(later.relationer?.tilknyttedebrugere).toEqual([element(since2000, ref(person(5)))]);
    });

    it('refuses parameters it does not know, and bad values, with 400 and a message', async () => {
      const refusals: [string, Params, string][] = [
        ['organisation/bruger', { bvn: '%', Foo: '1', enhedsnavn: 'x' }, 'Unsupported argument(s): enhedsnavn, foo'],
        ['klassifikation/klasse', { gyldighed: 'Aktiv' }, 'Unsupported argument(s): gyldighed'],
        ['organisation/bruger', { funktionsnavn: 'Engagement' }, 'Unsupported argument(s): funktionsnavn'],
        ['organisation/bruger', { bvn: '%', maximalantalresultater: '-1' }, 'maximalantalresultater must be a whole number >= 0, got "-1"'],
        ['organisation/bruger', { virkningfra: '2026-02-30' }, 'virkningfra: not a timestamp: "2026-02-30"'],
        ['organisation/bruger', { virkningfra: '2026-07-01', virkningtil: '2026-06-01' }, 'virkningtil is before virkningfra'],
        ['organisation/bruger', { virkningstid: today, virkningfra: today }, "'virkningfra'/'virkningtil' conflict with 'virkningstid'"],
        ['organisation/bruger', { uuid: 'b1' }, 'uuid: not a UUID: "b1"'],
      ];
      for (const [path, params, message] of refusals) {
        expect(await lora(path, params)).toMatchObject({ status: 400, body: { message } });
      }
    });

    it('answers 404 for a path it does not serve, and 405 for another method', async () => {
      for (const path of ['organisation/itsystem', 'organisation', 'klassifikation/klasse/x']) {
        expect(await lora(path)).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
      }
      expect((await get(mo.sim, mo.token, 'organisation/bruger', {}, 'POST')).status).toBe(405);
    });
  });

  describe('GraphQL addresses for the DAR lookups', () => {
    it('answers the given addresses in the window, paged by uuid, with name, validity and resolve', async () => {
      const page = async (cursor: string | null) =>
        (
          await mo.data<DarAddressesQuery>(DarAddressesDocument, {
            uuids: [address(5), address(6), address(3), address(1)],
            today,
            limit: 2,
            cursor,
          })
        ).addresses;
      const since2000 = { from: '2000-01-01T00:00:00+01:00', to: null };
      const first = await page(null);
      expect(first.objects).toEqual([
        {
          uuid: address(1),
          validities: [
            {
              name: 'Søndersøvej 2, 1. th, 8800 Viborg',
              validity: since2000,
              resolve: { __typename: 'DARAddress', ...soendersoevejDar },
            },
          ],
        },
        { uuid: address(3), validities: [{ name: 'anna@example.dk', validity: since2000, resolve: { __typename: 'DefaultAddress' } }] },
      ]);
      expect(first.page_info.next_cursor).not.toBeNull();
      // Address 5 ended in 2019: outside the window, it is no candidate (keyset pagination, src/sim/cursor.ts).
      const second = await page(first.page_info.next_cursor);
      expect(second).toEqual({
        objects: [
          {
            uuid: address(6),
            validities: [
              {
                name: 'Børnevej 1, A, 8800 Viborg',
                validity: since2000,
                resolve: { __typename: 'DARAddress', ...boernevejDar },
              },
            ],
          },
        ],
        page_info: { next_cursor: null },
      });
    });

    it('answers every address without a filter', async () => {
      const answer = await mo.data<{ addresses: { objects: { uuid: string }[] } }>(
        '{ addresses(filter: { from_date: null, to_date: null }) { objects { uuid } } }',
      );
      expect(answer.addresses.objects).toHaveLength(10);
    });
  });
});

describe('LoRa behind the token check, faults and counters', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ dataset: loraFixture(), now: () => morning });
  });
  afterAll(() => sim.close());

  it('answers 401 without a token, with an unknown one, and with an expired one', async () => {
    for (const token of [undefined, 'made-up']) {
      expect(await get(sim, token, 'organisation/bruger')).toMatchObject({ status: 401, body: { detail: 'Not authenticated' } });
    }
    const token = await getToken(sim);
    sim.expireTokens();
    expect(await get(sim, token, 'organisation/bruger')).toMatchObject({ status: 401, body: { detail: 'Signature has expired.' } });
  });

  it('applies queued faults to LoRa requests, and counts them apart from GraphQL', async () => {
    const token = await getToken(sim);
    sim.resetStats();
    sim.queueFaults({ status: 503, retryAfterSeconds: 2 }, { delayMs: 50 });
    const fault = await get(sim, token, 'organisation/bruger', { bvn: '%' });
    expect(fault).toMatchObject({ status: 503, body: { detail: 'simulated fault: HTTP 503' } });
    expect(fault.headers.get('retry-after')).toBe('2');
    const started = Date.now();
    expect(await get(sim, token, 'organisation/bruger', { bvn: '%' })).toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(sim.stats).toMatchObject({ loraRequests: 2, graphqlRequests: 0 });
    sim.resetStats();
    expect(sim.stats.loraRequests).toBe(0);
  });
});

describe('LoRa at scale', () => {
  /** 60,000 persons of two versions each: enough to show work per page that grows with the dataset. */
  function bigDataset(): Dataset {
    const persons: Temporal<PersonVersion>[] = Array.from({ length: 60_000 }, (_, i) => ({
      uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      versions: [
        { from: '2001-01-01', to: '2019-12-31', cpr: '0101901234', given_name: 'Navn', surname: `Før ${i}` },
        { from: '2020-01-01', to: null, cpr: '0101901234', given_name: 'Navn', surname: `Efter ${i}` },
      ],
    }));
    return { ...loraFixture(), persons };
  }

  // The cost per page is a figure of npm run bench (src/bench/sim-latency.ts), not a test.
  it('serves 60,000 persons in pages of 1000, each once', async () => {
    const sim = await startSimulator({ dataset: bigDataset(), now: () => morning });
    try {
      const token = await getToken(sim);
      const seen = new Set<string>();
      let count = 0;
      for (let offset = 0; ; offset += 1000) {
        const answer = await get(sim, token, 'organisation/bruger', {
          bvn: '%',
          list: '1',
          ...allHistory,
          foersteresultat: String(offset),
          maximalantalresultater: '1000',
        });
        const page = (answer.body as Results<LoraObject>).results[0];
        for (const object of page) seen.add(object.id);
        count += page.length;
        if (page.length < 1000) break;
      }
      expect(count).toBe(60_000);
      expect(seen.size).toBe(60_000);
    } finally {
      await sim.close();
    }
  });
});
