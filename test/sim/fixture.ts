/**
 * A small hand-built municipality for the simulator's tests. "Today" is
 * 2026-06-15; every object has a reason to be here (see the comments).
 */
import type { AddressVersion, Class, DarFields, Dataset, Temporal } from '../../src/dataset/format.js';

export const today = '2026-06-15';
/** The server clock of the tests: today, mid-morning in Copenhagen. */
export const morning = new Date('2026-06-15T10:00:00+02:00');

/** A readable UUID: a kind code (two hex digits) and a number. */
export const id = (code: string, n: number): string => `00000000-0000-4000-8000-${code}${String(n).padStart(10, '0')}`;

export const facet = (n: number) => id('f0', n);
export const cls = (n: number) => id('c0', n);
export const unit = (n: number) => id('a0', n);
export const person = (n: number) => id('b0', n);
export const engagement = (n: number) => id('e0', n);
export const address = (n: number) => id('ad', n);
export const manager = (n: number) => id('d0', n);

const facetKeys = [
  'engagement_job_function',
  'engagement_type',
  'org_unit_level',
  'primary_type',
  'employee_address_type',
  'org_unit_address_type',
  'visibility',
  'responsibility',
  'manager_type',
  'manager_level',
];

const classRows: [number, string, string, string | null][] = [
  [1, 'engagement_job_function', 'Pædagog', null],
  [2, 'engagement_job_function', 'Lærer', null],
  [3, 'engagement_type', 'Månedsløn', null],
  [4, 'engagement_type', 'Timeløn', null],
  [5, 'engagement_type', 'Ulønnet', null],
  [6, 'org_unit_level', 'Afdeling', null],
  [7, 'org_unit_level', 'NY1', null],
  [8, 'primary_type', 'Primær', '3000'],
  [9, 'primary_type', 'Ikke-primær', '0'],
  [10, 'employee_address_type', 'E-mail', 'EMAIL'],
  [11, 'employee_address_type', 'Telefon', 'PHONE'],
  [12, 'org_unit_address_type', 'Postadresse', 'DAR'],
  [13, 'visibility', 'Må vises eksternt', 'PUBLIC'],
  [14, 'visibility', 'Hemmelig', 'SECRET'],
  [15, 'responsibility', 'Personaleledelse', null],
  [16, 'responsibility', 'Budgetansvar', null],
  [17, 'manager_type', 'Direktør', null],
  [18, 'manager_level', 'Niveau 1', null],
];

const classes = (): Class[] => classRows.map(([n, facetKey, name, scope]) => ({ uuid: cls(n), facet: facetKey, user_key: name, name, scope }));

const unitVersion = { user_key: 'u', level: null };

/** What DAR answers for the fixture's DAR addresses 1 and 6. */
export const soendersoevejDar: DarFields = { road_name: 'Søndersøvej', house_number: '2', floor: '1', door: 'th', zip_code: '8800', zip_code_name: 'Viborg' };
export const boernevejDar: DarFields = { road_name: 'Børnevej', house_number: '1', floor: null, door: 'A', zip_code: '8800', zip_code_name: 'Viborg' };

/** A unit's Postadresse (a DAR address) since 2000; without `dar`, one DAR no longer knows. */
export const unitDarAddress = (uuid: string, unitUuid: string, darUuid: string, dar?: DarFields): Temporal<AddressVersion> => ({
  uuid,
  versions: [{ from: '2000-01-01', to: null, unit: unitUuid, address_type: cls(12), visibility: null, value: darUuid, ...(dar ? { dar: { ...dar } } : {}) }],
});

export function fixture(): Dataset {
  return {
    format: 'p2l-dataset/1',
    name: 'Testkommune',
    organisation: id('00', 1),
    facets: facetKeys.map((user_key, i) => ({ uuid: facet(i + 1), user_key })),
    classes: classes(),
    units: [
      { uuid: unit(1), versions: [{ ...unitVersion, from: '2000-01-01', to: null, name: 'Kommune', parent: null, level: cls(6) }] },
      { uuid: unit(2), versions: [{ ...unitVersion, from: '2000-01-01', to: null, name: 'Skole', parent: unit(1) }] },
      // Moves from under Skole to under Andet træ on 2026-07-01.
      {
        uuid: unit(3),
        versions: [
          { ...unitVersion, from: '2000-01-01', to: '2026-06-30', name: 'Børnehave', parent: unit(2) },
          { ...unitVersion, from: '2026-07-01', to: null, name: 'Børnehuset', parent: unit(4) },
        ],
      },
      { uuid: unit(4), versions: [{ ...unitVersion, from: '2000-01-01', to: null, name: 'Andet træ', parent: null }] },
      // Closed in the past.
      { uuid: unit(5), versions: [{ ...unitVersion, from: '2000-01-01', to: '2020-12-31', name: 'Lukket', parent: unit(1) }] },
      // Opens in the future.
      { uuid: unit(6), versions: [{ ...unitVersion, from: '2026-09-01', to: null, name: 'Fremtid', parent: unit(1), level: cls(7) }] },
      { uuid: unit(7), versions: [{ ...unitVersion, from: '2000-01-01', to: null, name: 'Under andet træ', parent: unit(4) }] },
    ],
    persons: [
      { uuid: person(1), versions: [{ from: '2000-01-01', to: null, cpr: '0101901234', given_name: 'Anna', surname: 'Andersen' }] },
      // Starts on the day summer time begins (validity from at +01:00).
      { uuid: person(2), versions: [{ from: '2026-03-29', to: null, cpr: null, given_name: 'Bo', surname: 'Berg' }] },
      { uuid: person(3), versions: [{ from: '2000-01-01', to: '2020-12-31', cpr: '0202802345', given_name: 'Past', surname: 'Person' }] },
      { uuid: person(4), versions: [{ from: '2026-08-01', to: null, cpr: '0303703456', given_name: 'Carl', surname: 'Future' }] },
      // Changes surname on 2026-07-01.
      {
        uuid: person(5),
        versions: [
          { from: '2000-01-01', to: '2026-06-30', cpr: '0404604567', given_name: 'Dorte', surname: 'Dahl' },
          { from: '2026-07-01', to: null, cpr: '0404604567', given_name: 'Dorte', surname: 'Due' },
        ],
      },
    ],
    engagements: [
      // Current and future versions: new job function from 2026-07-01.
      {
        uuid: engagement(1),
        versions: [
          {
            from: '2020-01-01',
            to: '2026-06-30',
            user_key: 'E1',
            person: person(1),
            unit: unit(2),
            job_function: cls(1),
            engagement_type: cls(3),
            primary: cls(8),
            extensions: { '2': 'Souschef' },
          },
          { from: '2026-07-01', to: null, user_key: 'E1', person: person(1), unit: unit(2), job_function: cls(2), engagement_type: cls(3), primary: cls(8) },
        ],
      },
      // Past only.
      {
        uuid: engagement(2),
        versions: [
          {
            from: '2010-01-01',
            to: '2019-12-31',
            user_key: 'E2',
            person: person(1),
            unit: unit(3),
            job_function: cls(1),
            engagement_type: cls(4),
            primary: cls(9),
          },
        ],
      },
      // Future only.
      {
        uuid: engagement(3),
        versions: [
          { from: '2026-09-01', to: null, user_key: 'E3', person: person(4), unit: unit(6), job_function: cls(2), engagement_type: cls(3), primary: cls(8) },
        ],
      },
      // Of a type an exporter would not ask for; no primary class.
      {
        uuid: engagement(4),
        versions: [
          { from: '2026-03-29', to: null, user_key: 'E4', person: person(2), unit: unit(2), job_function: cls(1), engagement_type: cls(5), primary: null },
        ],
      },
      // Changes type on 2026-07-01.
      {
        uuid: engagement(5),
        versions: [
          {
            from: '2000-01-01',
            to: '2026-06-30',
            user_key: 'E5',
            person: person(5),
            unit: unit(2),
            job_function: cls(1),
            engagement_type: cls(3),
            primary: cls(9),
          },
          { from: '2026-07-01', to: null, user_key: 'E5', person: person(5), unit: unit(2), job_function: cls(1), engagement_type: cls(4), primary: cls(9) },
        ],
      },
    ],
    addresses: [
      unitDarAddress(address(1), unit(1), id('da', 1), soendersoevejDar),
      // DAR no longer knows it (retired): MO names it Ukendt and its DAR fields fail.
      unitDarAddress(address(2), unit(2), id('da', 2)),
      {
        uuid: address(3),
        versions: [{ from: '2000-01-01', to: null, person: person(1), address_type: cls(10), visibility: cls(14), value: 'anna@example.dk' }],
      },
      { uuid: address(4), versions: [{ from: '2000-01-01', to: null, person: person(1), address_type: cls(11), visibility: null, value: '12345678' }] },
      {
        uuid: address(5),
        versions: [{ from: '2010-01-01', to: '2019-12-31', person: person(1), address_type: cls(10), visibility: cls(13), value: 'anna.old@example.dk' }],
      },
      // A door without a floor.
      unitDarAddress(address(6), unit(3), id('da', 6), boernevejDar),
    ],
    managers: [
      {
        uuid: manager(1),
        versions: [
          {
            from: '2020-01-01',
            to: null,
            person: person(1),
            unit: unit(1),
            responsibilities: [cls(16), cls(15)],
            manager_type: cls(17),
            manager_level: cls(18),
          },
        ],
      },
      // Vacant.
      {
        uuid: manager(2),
        versions: [{ from: '2020-01-01', to: null, person: null, unit: unit(2), responsibilities: [], manager_type: null, manager_level: null }],
      },
      {
        uuid: manager(3),
        versions: [
          { from: '2000-01-01', to: '2010-12-31', person: person(2), unit: unit(2), responsibilities: [cls(15)], manager_type: null, manager_level: null },
        ],
      },
    ],
  };
}
