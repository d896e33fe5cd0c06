import { readFile } from 'node:fs/promises';
import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  EngagementsDocument,
  JobFunctionsDocument,
  ManagersDocument,
  PersonsDocument,
  UnitsDocument,
  type EngagementsQuery,
  type JobFunctionsQuery,
  type ManagersQuery,
  type PersonsQuery,
  type UnitsQuery,
} from '../../src/generated/graphql.js';
import { schemaFile } from '../../src/schema/documents.js';
import { buildSimulatorSchema } from '../../src/sim/resolvers.js';
import { startSimulator } from '../../src/sim/server.js';
import { buildStore } from '../../src/sim/store.js';
import { serveSimulator } from '../support/sim-fixture.js';
import { data, getToken } from './client.js';
import { address, cls, engagement, fixture, id, manager, morning, person, today, unit } from './fixture.js';

interface Paged {
  objects: { uuid: string }[];
  page_info: { next_cursor: string | null };
}

const uuidsOf = (page: { objects: { uuid: string }[] }): string[] => page.objects.map((object) => object.uuid);

describe('the simulator answers MO GraphQL over the fixture', () => {
  let clock = morning;
  // Tokens outlive the clock's jumps here; http.test.ts tests expiry.
  const mo = serveSimulator({ now: () => clock, tokenLifetimeSeconds: 10 ** 9 });

  const persons = async (args: string): Promise<string[]> =>
    uuidsOf((await mo.data<{ persons: Paged }>(`{ persons${args} { objects { uuid } page_info { next_cursor } } }`)).persons);

  describe('time windows', () => {
    it('takes from_date alone as a single moment', async () => {
      expect(await persons(`(filter: { from_date: "${today}" })`)).toEqual([person(1), person(2), person(5)]);
      // A moment before Carl starts, and one on his first day.
      expect(await persons('(filter: { from_date: "2026-07-31T23:59:59.999+02:00" })')).not.toContain(person(4));
      expect(await persons('(filter: { from_date: "2026-08-01" })')).toContain(person(4));
    });

    it('takes to_date: null as "from then on"', async () => {
      expect(await persons(`(filter: { from_date: "${today}", to_date: null })`)).toEqual([person(1), person(2), person(4), person(5)]);
    });

    it('takes both null as all of history', async () => {
      expect(await persons('(filter: { from_date: null, to_date: null })')).toEqual([1, 2, 3, 4, 5].map(person));
    });

    it('takes a to_date as the end of the window', async () => {
      expect(await persons('(filter: { from_date: null, to_date: "2010-01-01" })')).toEqual([person(1), person(3), person(5)]);
    });

    it('rejects from_date: null without a to_date', async () => {
      const answer = await mo.query('{ persons(filter: { from_date: null }) { objects { uuid } } }');
      expect(answer.data).toBeNull();
      expect(answer.errors?.map((error) => error.message)).toEqual(['from_date: null needs an explicit to_date (null for all of history)']);
    });

    it('defaults to the server clock, also with no filter at all', async () => {
      expect(await persons('')).toEqual([person(1), person(2), person(5)]);
      clock = new Date('2026-08-15T12:00:00+02:00');
      try {
        expect(await persons('')).toEqual([person(1), person(2), person(4), person(5)]);
      } finally {
        clock = morning;
      }
    });
  });

  describe('validities and current', () => {
    const dorte = (args: string) =>
      `{ persons(filter: { from_date: null, to_date: null }) { objects { uuid validities${args} { name validity { from to } } } } }`;
    const validitiesOfDorte = async (args: string) => {
      const answer = await mo.data<{ persons: { objects: { uuid: string; validities: unknown[] }[] } }>(dorte(args));
      return answer.persons.objects.find((object) => object.uuid === person(5))?.validities;
    };
    // `to` is exclusive from v29 on: Dahl's ends on the day Due's starts (OS2mo tests/graphapi/test_v28.py).
    const dahl = { name: 'Dorte Dahl', validity: { from: '2000-01-01T00:00:00+01:00', to: '2026-07-01T00:00:00+02:00' } };
    const due = { name: 'Dorte Due', validity: { from: '2026-07-01T00:00:00+02:00', to: null } };

    it('gives only the version valid now with no arguments', async () => {
      expect(await validitiesOfDorte('')).toEqual([dahl]);
    });

    it('gives the versions from a day on, and the whole history, ordered by from', async () => {
      expect(await validitiesOfDorte(`(start: "${today}", end: null)`)).toEqual([dahl, due]);
      expect(await validitiesOfDorte('(start: "2026-07-01", end: null)')).toEqual([due]);
      expect(await validitiesOfDorte('(start: null, end: null)')).toEqual([dahl, due]);
      expect(await validitiesOfDorte('(start: "2026-06-30")')).toEqual([dahl]);
    });

    it('rejects start: null without an end', async () => {
      const answer = await mo.query(dorte('(start: null)'));
      expect(answer.errors?.[0]?.message).toBe('start: null needs an explicit end (null for all of history)');
    });

    it('writes validity bounds as local midnight with the Copenhagen offset of that day', async () => {
      const answer = await mo.data<{ persons: { objects: { validities: unknown[] }[] } }>(
        `{ persons(filter: { from_date: "${today}" }) { objects { validities { validity { from to } } } } }`,
      );
      // Bo starts on 2026-03-29, the day summer time begins at 02:00: its midnight is still +01:00.
      expect(answer.persons.objects[1]?.validities).toEqual([{ validity: { from: '2026-03-29T00:00:00+01:00', to: null } }]);
    });

    it('answers current(at) of a class, always valid, and a class validity without bounds', async () => {
      const answer = await mo.data<{ classes: { objects: unknown[] } }>(
        `{ classes(filter: { uuids: ["${cls(3)}"] }) { objects { uuid current(at: "1900-01-01") { name validity { from to } } validities(start: null, end: null) { name } } } }`,
      );
      expect(answer.classes.objects).toEqual([
        { uuid: cls(3), current: { name: 'Månedsløn', validity: { from: null, to: null } }, validities: [{ name: 'Månedsløn' }] },
      ]);
    });
  });

  // Paging, keyset and offset: pagination.test.ts.

  describe('filters', () => {
    const units = async (filter: string) =>
      uuidsOf((await mo.data<{ org_units: Paged }>(`{ org_units(filter: ${filter}) { objects { uuid } page_info { next_cursor } } }`)).org_units);

    it('selects a unit and everything below it with ancestor, in the tree of the window', async () => {
      // Now: Børnehave is under Skole; Fremtid does not exist yet.
      expect(await units(`{ ancestor: { uuids: ["${unit(1)}"] } }`)).toEqual([unit(1), unit(2), unit(3)]);
      // From today on: Fremtid opens; Børnehave still counts (under Skole until it moves).
      expect(await units(`{ ancestor: { uuids: ["${unit(1)}"] }, from_date: "${today}", to_date: null }`)).toEqual([unit(1), unit(2), unit(3), unit(6)]);
      // All of history: the closed unit too.
      expect(await units(`{ ancestor: { uuids: ["${unit(1)}"] }, from_date: null, to_date: null }`)).toEqual([unit(1), unit(2), unit(3), unit(5), unit(6)]);
      // After the move, Børnehave is under Andet træ only.
      expect(await units(`{ ancestor: { uuids: ["${unit(4)}"] }, from_date: "2026-07-01" }`)).toEqual([unit(3), unit(4), unit(7)]);
      expect(await units(`{ ancestor: { uuids: ["${unit(2)}"] }, from_date: "2026-07-01" }`)).toEqual([unit(2)]);
    });

    it('combines uuids with ancestor, and an empty uuids list selects nothing', async () => {
      expect(await units(`{ uuids: ["${unit(3)}", "${unit(7)}"], ancestor: { uuids: ["${unit(1)}"] } }`)).toEqual([unit(3)]);
      expect(await units('{ uuids: [] }')).toEqual([]);
    });

    it('pages the ancestor candidates: all five of history in one page of five', async () => {
      const answer = await mo.data<{ org_units: Paged }>(
        `{ org_units(filter: { ancestor: { uuids: ["${unit(1)}"] }, from_date: null, to_date: null }, limit: 5) { objects { uuid } page_info { next_cursor } } }`,
      );
      expect(answer.org_units.page_info.next_cursor).toBeNull();
    });

    it('selects engagements having any version of the given types', async () => {
      const engagements = async (types: number[]) =>
        uuidsOf(
          (
            await mo.data<{ engagements: Paged }>(
              `{ engagements(filter: { engagement_type: { uuids: ${JSON.stringify(types.map(cls))} }, from_date: null, to_date: null }) { objects { uuid } page_info { next_cursor } } }`,
            )
          ).engagements,
        );
      expect(await engagements([3])).toEqual([engagement(1), engagement(3), engagement(5)]);
      expect(await engagements([4])).toEqual([engagement(2), engagement(5)]);
      expect(await engagements([5])).toEqual([engagement(4)]);
    });

    it('selects classes by facet user_key', async () => {
      const answer = await mo.data<{ classes: Paged }>(
        '{ classes(filter: { facet: { user_keys: ["visibility", "manager_type"] } }) { objects { uuid } page_info { next_cursor } } }',
      );
      expect(uuidsOf(answer.classes)).toEqual([cls(13), cls(14), cls(17)]);
    });
  });

  describe("the exporter's documents", () => {
    it('Units: parents, levels, DAR addresses by uuid and DAR UUID (their text and fields are asked apart)', async () => {
      const answer = await mo.data<UnitsQuery>(UnitsDocument, { root: [unit(1)], today, limit: 100, cursor: null });
      const old = { from: '2000-01-01T00:00:00+01:00', to: null };
      /** One version as the Units document answers it; `dar` is its DAR address: the address's uuid and the DAR UUID. */
      const version = (name: string, validity: { from: string; to: string | null }, parent: string | null, level: string | null, dar?: [string, string]) => ({
        name,
        validity,
        parent_response: parent === null ? null : { uuid: parent },
        unit_level_response: level === null ? null : { uuid: level },
        addresses_response: { objects: dar === undefined ? [] : [{ uuid: dar[0], validities: [{ value: dar[1], validity: old }] }] },
      });
      expect(answer.org_units).toEqual({
        objects: [
          { uuid: unit(1), validities: [version('Kommune', old, null, cls(6), [address(1), id('da', 1)])] },
          // DAR no longer knows Skole's address; the Units walk does not ask DAR, so it answers as any other.
          { uuid: unit(2), validities: [version('Skole', old, unit(1), null, [address(2), id('da', 2)])] },
          {
            uuid: unit(3),
            validities: [
              version('Børnehave', { from: '2000-01-01T00:00:00+01:00', to: '2026-07-01T00:00:00+02:00' }, unit(2), null, [address(6), id('da', 6)]),
              version('Børnehuset', { from: '2026-07-01T00:00:00+02:00', to: null }, unit(4), null, [address(6), id('da', 6)]),
            ],
          },
          { uuid: unit(6), validities: [version('Fremtid', { from: '2026-09-01T00:00:00+02:00', to: null }, unit(1), cls(7))] },
        ],
        page_info: { next_cursor: null },
      });
    });

    it('Persons: e-mail and phone from today on, with visibility null when unset', async () => {
      const answer = await mo.data<PersonsQuery>(PersonsDocument, { uuids: [person(2), person(1), person(4)], today, limit: 2, cursor: null });
      const anna = answer.persons.objects[0];
      expect(anna?.validities[0]?.addresses_response.objects).toEqual([
        {
          uuid: address(3),
          validities: [
            {
              value: 'anna@example.dk',
              validity: { from: '2000-01-01T00:00:00+01:00', to: null },
              address_type_response: { uuid: cls(10) },
              visibility_response: { uuid: cls(14) },
            },
          ],
        },
        {
          uuid: address(4),
          validities: [
            {
              value: '12345678',
              validity: { from: '2000-01-01T00:00:00+01:00', to: null },
              address_type_response: { uuid: cls(11) },
              visibility_response: null,
            },
          ],
        },
      ]);
      expect(answer.persons.objects.map((object) => object.validities.map((version) => [version.name, version.cpr_number]))).toEqual([
        [['Anna Andersen', '0101901234']],
        [['Bo Berg', null]],
      ]);
    });

    it('Engagements: the allowed types, is_primary from the primary class scope, extensions, history', async () => {
      const answer = await mo.data<EngagementsQuery>(EngagementsDocument, {
        root: [unit(1)],
        types: [cls(3)],
        today,
        withHistory: true,
        extension_2: true,
        limit: 100,
        cursor: null,
      });
      const rows = answer.engagements.objects.map((object) => ({
        uuid: object.uuid,
        versions: object.validities.map((v) => [
          v.validity.from.slice(0, 10),
          v.is_primary,
          v.extension_2,
          v.job_function_response.uuid,
          v.engagement_type_response.uuid,
          v.extension_1,
        ]),
        history: object.history?.map((h) => h.validity.from.slice(0, 10)),
      }));
      expect(rows).toEqual([
        {
          uuid: engagement(1),
          versions: [
            ['2020-01-01', true, 'Souschef', cls(1), cls(3), undefined],
            ['2026-07-01', true, null, cls(2), cls(3), undefined],
          ],
          history: ['2020-01-01', '2026-07-01'],
        },
        { uuid: engagement(3), versions: [['2026-09-01', true, null, cls(2), cls(3), undefined]], history: ['2026-09-01'] },
        {
          uuid: engagement(5),
          versions: [
            ['2000-01-01', false, null, cls(1), cls(3), undefined],
            ['2026-07-01', false, null, cls(1), cls(4), undefined],
          ],
          history: ['2000-01-01', '2026-07-01'],
        },
      ]);
      const unpaid = await mo.data<EngagementsQuery>(EngagementsDocument, {
        root: [unit(1)],
        types: [cls(5)],
        today,
        withHistory: false,
        limit: 100,
        cursor: null,
      });
      expect(unpaid.engagements.objects[0]?.validities[0]?.is_primary).toBe(false);
      expect(unpaid.engagements.objects[0]?.history).toBeUndefined();
    });

    it('Managers: the vacant role has no person; responsibilities by uuid', async () => {
      const answer = await mo.data<ManagersQuery>(ManagersDocument, { root: [unit(1)], today, limit: 100, cursor: null });
      const since2020 = { from: '2020-01-01T00:00:00+01:00', to: null };
      expect(answer.managers).toEqual({
        objects: [
          {
            uuid: manager(1),
            validities: [
              {
                validity: since2020,
                person_response: { uuid: person(1) },
                org_unit_response: { uuid: unit(1) },
                responsibilities_response: {
                  objects: [{ uuid: cls(15) }, { uuid: cls(16) }],
                },
              },
            ],
          },
          {
            uuid: manager(2),
            validities: [{ validity: since2020, person_response: null, org_unit_response: { uuid: unit(2) }, responsibilities_response: { objects: [] } }],
          },
        ],
        page_info: { next_cursor: null },
      });
    });

    it('JobFunctions: the classes of the facet, always valid', async () => {
      const answer = await mo.data<JobFunctionsQuery>(JobFunctionsDocument, { today, limit: 1, cursor: null });
      expect(answer.classes.objects).toEqual([{ uuid: cls(1), validities: [{ name: 'Pædagog', validity: { from: null, to: null } }] }]);
      const rest = await mo.data<JobFunctionsQuery>(JobFunctionsDocument, { today, limit: 1, cursor: answer.classes.page_info.next_cursor });
      expect(rest.classes).toEqual({
        objects: [{ uuid: cls(2), validities: [{ name: 'Lærer', validity: { from: null, to: null } }] }],
        page_info: { next_cursor: null },
      });
    });
  });
});

describe('the simulator with dangling references', () => {
  it('answers the uuid of a missing object, with no current version', async () => {
    const dataset = fixture();
    const missingJob = id('99', 1);
    const missingUnit = id('99', 2);
    dataset.engagements.push({
      uuid: engagement(9),
      versions: [
        {
          from: '2020-01-01',
          to: null,
          user_key: 'E9',
          person: person(1),
          unit: missingUnit,
          job_function: missingJob,
          engagement_type: cls(6),
          primary: id('99', 3),
        },
      ],
    });
    const sim = await startSimulator({ dataset, now: () => morning });
    try {
      const answer = await data<{ engagements: { objects: unknown[] } }>(
        sim,
        await getToken(sim),
        `{ engagements(filter: { engagement_type: { uuids: ["${cls(6)}"] } }) { objects { validities { is_primary job_function_response { uuid current { name } } org_unit_response { uuid validities { name } } } } } }`,
      );
      expect(answer.engagements.objects).toEqual([
        {
          validities: [
            { is_primary: false, job_function_response: { uuid: missingJob, current: null }, org_unit_response: { uuid: missingUnit, validities: [] } },
          ],
        },
      ]);
    } finally {
      await sim.close();
    }
  });
});

describe('a schema that grows a field the simulator lacks', () => {
  it('answers an error naming the field rather than a silent null', async () => {
    const sdl = `${await readFile(schemaFile, 'utf8')}\nextend type Employee { nickname: String }\n`;
    const schema = buildSimulatorSchema(sdl, buildStore(fixture()));
    const result = await graphql({ schema, source: '{ persons { objects { validities { name nickname } } } }', contextValue: { now: morning.getTime() } });
    expect(new Set(result.errors?.map((error) => error.message))).toEqual(new Set(['the MO simulator does not implement Employee.nickname']));
  });
});
