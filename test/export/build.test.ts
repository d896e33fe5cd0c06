/** buildExport's own steps: duplicates, job-function names, unknown references, DAR (src/export/build.ts, engagements.ts, units.ts). */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot.js';
import { e, engagement, jobFunction, manager, p, person, run, u, unit, unitAddress, uuid } from './builders.js';

describe('objects MO answers twice', () => {
  it('keeps the first answer of each, with one warning per repeat, for every kind', () => {
    const first = unit(2, 'First', 1);
    const second = unit(2, 'Second', 1);
    const { rows, warnings } = run({
      units: [unit(1, 'Root', null), first, second],
      persons: [person(1, 'Anna'), person(1, 'Other')],
      engagements: [engagement(1, { person: 1, unit: 2 }), engagement(1, { person: 1, unit: 1 })],
      managers: [manager(1, 1, 1), manager(1, 2, 1)],
      jobFunctions: [jobFunction(1, 'Pædagog'), jobFunction(1, 'Anden')],
    });
    expect(rows.organisation.map((row) => row.Afdelingsnavn)).toEqual(['Root', 'First']);
    expect(rows.bruger.map((row) => [row.Navn, row.Stilling])).toEqual([['Anna', 'Pædagog']]);
    expect(rows.engagement.map((row) => row.AfdelingsId)).toEqual([u(2)]);
    expect(rows.leder.map((row) => row.AfdelingsID)).toEqual([u(1)]);
    expect(warnings).toEqual([
      { kind: 'duplicate-object', subject: u(2) },
      { kind: 'duplicate-object', subject: p(1) },
      { kind: 'duplicate-object', subject: e(1) },
      { kind: 'duplicate-object', subject: uuid('5', 1) },
      { kind: 'duplicate-object', subject: uuid('c', 301) },
    ]);
  });
});

describe('job-function names', () => {
  it('are the version in use, else the latest version', () => {
    const versions = (n: number, names: [string, string, string | null][]): Snapshot['jobFunctions'][number] => ({
      uuid: uuid('c', 300 + n),
      validities: names.map(([name, from, to]) => ({ name, validity: { from: `${from}T00:00:00+01:00`, to: to && `${to}T00:00:00+01:00` } })),
    });
    const { rows } = run({
      persons: [person(1, 'A'), person(2, 'B'), person(3, 'C')],
      engagements: [
        engagement(1, { person: 1, unit: 1, jobFunction: 1 }),
        engagement(2, { person: 2, unit: 1, jobFunction: 2 }),
        engagement(3, { person: 3, unit: 1, jobFunction: 3 }),
      ],
      jobFunctions: [
        versions(1, [
          ['Old', '2000-01-01', '2020-01-01'],
          ['Now', '2020-01-01', null],
        ]),
        versions(2, [
          ['Past one', '2000-01-01', '2001-01-01'],
          ['Past two', '2001-01-01', '2002-01-01'],
        ]),
        versions(3, [
          ['Coming later', '2028-01-01', null],
          ['Coming', '2027-01-01', '2028-01-01'],
        ]),
      ],
    });
    expect(rows.bruger.map((row) => row.Stilling)).toEqual(['Now', 'Past two', 'Coming']);
    expect(rows.stillingskode.map((row) => row.Stillingskode)).toEqual(['Coming', 'Now', 'Past two']);
  });

  it('a job function with no version has no name, and engagements with it are not exported', () => {
    const { rows } = run({
      persons: [person(1, 'A')],
      engagements: [engagement(1, { person: 1, unit: 1, jobFunction: 1 })],
      jobFunctions: [{ uuid: uuid('c', 301), validities: [] }],
    });
    expect(rows.engagement).toEqual([]);
  });
});

describe('engagements that refer to what MO does not have', () => {
  it('an unknown person or job function leaves the engagement out, with a warning naming it', () => {
    const { rows, warnings } = run({
      persons: [person(1, 'Anna')],
      engagements: [engagement(1, { person: 9, unit: 1 }), engagement(2, { person: 1, unit: 1, jobFunction: 9 }), engagement(3, { person: 1, unit: 1 })],
    });
    expect(rows.engagement.map((row) => row.EngagementId)).toEqual([e(3)]);
    expect(warnings).toEqual([
      { kind: 'engagement-unknown-person', subject: e(1) },
      { kind: 'engagement-unknown-job-function', subject: e(2) },
    ]);
  });

  it('skipping an engagement of an excluded unit is a warning naming it', () => {
    const units = [unit(1, 'Root', null), unit(2, 'Deep', 1, { level: 'NY1-niveau' })];
    const { warnings } = run({ units, persons: [person(1, 'A')], engagements: [engagement(1, { person: 1, unit: 2 })] }, { excludedUnitEngagements: 'skip' });
    expect(warnings).toEqual([{ kind: 'engagement-in-excluded-unit-skipped', subject: e(1) }]);
  });

  it('a manager whose person has no exported engagement is left out; one in an exported unit below a deep one is kept', () => {
    const units = [unit(1, 'Root', null), unit(2, 'Deep', 1, { level: 'NY1-niveau' }), unit(3, 'Below deep', 2)];
    const { rows } = run({
      units,
      persons: [person(1, 'A')],
      engagements: [engagement(1, { person: 1, unit: 1 })],
      managers: [manager(1, 3, 1, ['Personaleledelse'])],
    });
    expect(rows.organisation.map((row) => [row.AfdelingsID, row.Parentid])).toEqual([
      [u(1), ''],
      [u(3), u(1)],
    ]);
    expect(rows.leder).toEqual([{ BrugerId: p(1), AfdelingsID: u(3), AktivStatus: '1', Titel: 'Personaleledelse', OrganisationsfunktionsUUID: uuid('5', 1) }]);
  });
});

describe('Stilling, whatever order MO answers the engagements in', () => {
  const title = (...engagements: Snapshot['engagements']) => run({ persons: [person(1, 'A')], engagements }).rows.bruger[0]?.Stilling;
  const both = (a: Snapshot['engagements'][number], b: Snapshot['engagements'][number]) => [title(a, b), title(b, a)];

  it('takes the active engagement over a future one, the earliest start among either, then the lowest UUID', () => {
    const activeLate = engagement(1, { person: 1, unit: 1, jobFunction: 1, from: '2024-01-01' });
    const activeEarly = engagement(2, { person: 1, unit: 1, jobFunction: 2, from: '2023-01-01' });
    const futureSoon = engagement(3, { person: 1, unit: 1, jobFunction: 3, from: '2027-01-01' });
    const futureLater = engagement(4, { person: 1, unit: 1, jobFunction: 1, from: '2028-01-01' });
    const sameStart = engagement(5, { person: 1, unit: 1, jobFunction: 3, from: '2023-01-01' });
    expect(both(activeLate, activeEarly)).toEqual(['Lærer', 'Lærer']);
    expect(both(activeLate, futureSoon)).toEqual(['Pædagog', 'Pædagog']);
    expect(both(futureLater, futureSoon)).toEqual(['Sygeplejerske', 'Sygeplejerske']);
    expect(both(sameStart, activeEarly)).toEqual(['Lærer', 'Lærer']);
  });

  it('an engagement type without a name today is an empty Engagementstype', () => {
    const typed = engagement(1, { person: 1, unit: 1 });
    const version = typed.validities[0];
    if (!version) throw new Error('no version');
    const nameless = { ...typed, validities: [{ ...version, engagement_type_response: { ...version.engagement_type_response, current: null } }] };
    expect(run({ persons: [person(1, 'A')], engagements: [nameless] }).rows.engagement.map((row) => row.Engagementstype)).toEqual(['']);
  });
});

describe('Titel', () => {
  it('leaves out responsibilities without a name, and is empty with none', () => {
    const base = manager(1, 1, 1, ['Budgetansvar', 'Arbejdsmiljø']);
    const version = base.validities[0];
    if (!version) throw new Error('no version');
    const unnamed = {
      ...base,
      validities: [
        { ...version, responsibilities_response: { objects: [...version.responsibilities_response.objects, { uuid: uuid('c', 499), current: null }] } },
      ],
    };
    const { rows } = run({
      persons: [person(1, 'A'), person(2, 'B')],
      engagements: [engagement(1, { person: 1, unit: 1 }), engagement(2, { person: 2, unit: 1 })],
      managers: [unnamed, manager(2, 1, 2)],
    });
    expect(rows.leder.map((row) => row.Titel)).toEqual(['Arbejdsmiljø, Budgetansvar', '']);
  });
});

describe('the unit tree', () => {
  it('exports the root whatever its level, and a unit whose level has no name today', () => {
    const levelWithoutName = unit(2, 'Level gone', 1, { level: 'x' });
    const version = levelWithoutName.validities[0];
    if (!version) throw new Error('no version');
    const units = [
      unit(1, 'Root', null, { level: 'NY1-niveau' }),
      { ...levelWithoutName, validities: [{ ...version, unit_level_response: { uuid: uuid('c', 900), current: null } }] },
      unit(3, 'Deep', 1, { level: 'NY1-niveau' }),
    ];
    expect(run({ units }).rows.organisation.map((row) => row.Afdelingsnavn)).toEqual(['Root', 'Level gone']);
  });

  it('reports loops by their first unit, whatever order they are found in', () => {
    const units = [unit(1, 'Root', null), unit(12, 'Y', 11), unit(11, 'X', 12), unit(8, 'B', 7), unit(7, 'A', 8)];
    expect(run({ units }).warnings).toEqual([
      { kind: 'unit-parent-loop', subject: `${u(7)} ${u(8)}` },
      { kind: 'unit-parent-loop', subject: `${u(11)} ${u(12)}` },
    ]);
  });
});

describe("a unit's address", () => {
  it('takes the DAR fields of the active answer, and the text when MO gave no DAR fields', () => {
    const dar = { road_name: 'Torvet', house_number: '1', floor: null, door: null, zip_code: '8800', zip_code_name: 'Viborg' };
    const units = [
      unit(1, 'Root', null, { addresses: [unitAddress(11, { name: 'Anden tekst 9, 9999 Andetsted', dar })] }),
      unit(2, 'Text only', 1, { addresses: [unitAddress(21, { name: 'Skolevej 12, 7400 Herning' })] }),
      unit(3, 'No address', 1),
    ];
    expect(run({ units }).rows.organisation.map((row) => [row.Afdelingsnavn, row.Gade, row.Postnr, row.By])).toEqual([
      ['Root', 'Torvet 1', '8800', 'Viborg'],
      ['No address', '', '', ''],
      ['Text only', 'Skolevej 12', '7400', 'Herning'],
    ]);
  });
});
