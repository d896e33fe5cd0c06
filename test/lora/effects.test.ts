/** Versions from hand-written registrations: splits, overlaps, DST, open ends, inactive periods, the past, and `today`. */
import { describe, expect, it } from 'vitest';
import { versionsOf } from '../../src/lora/translate/effects.js';
import { translateSnapshot, type LoraData } from '../../src/lora/translate/snapshot.js';
import type { LoraObject } from '../../src/lora/wire.js';
import { always, changesAt, el, facet, id, klasse, object, states, unit, type Period } from './builders.js';

const today = '2026-06-15';
const org = id('0a', 1);
const root = id('a0', 1);
const [unitA, unitB, unitC] = [id('a0', 2), id('a0', 3), id('a0', 4)];
const person = id('b0', 1);
const facets = { jobFunction: id('f0', 1), engagementType: id('f0', 2), primary: id('f0', 3) };
const classes = { teacher: id('c0', 1), monthly: id('c0', 2), hourly: id('c0', 3), primary: id('c0', 4) };

const classification = {
  facets: [facet(facets.jobFunction, 'engagement_job_function'), facet(facets.engagementType, 'engagement_type'), facet(facets.primary, 'primary_type')],
  classes: [
    klasse(classes.teacher, facets.jobFunction, 'Lærer'),
    klasse(classes.monthly, facets.engagementType, 'Månedsløn'),
    klasse(classes.hourly, facets.engagementType, 'Timeløn'),
    klasse(classes.primary, facets.primary, 'Primær', '3000'),
  ],
};

const noData: LoraData = { facets: [], classes: [], units: [], persons: [], engagements: [], addresses: [], managers: [] };

function snapshotOf(data: Partial<LoraData>, at = today) {
  return translateSnapshot({ ...noData, ...classification, ...data }, { today: at, rootUnit: root, engagementTypes: [classes.monthly], withHistory: true });
}

const rootUnit = unit(root, [[always, 'Kommune']], [[always, org]], states(['-infinity', 'infinity', 'Aktiv']));

/** An engagement of `person` in `unitA`, with the given type periods and states. */
function engagement(uuid: string, types: [Period, string][], active: ReturnType<typeof states>, userKeys: [Period, string][] = [[always, 'E1']]): LoraObject {
  return object(uuid, {
    attributter: {
      organisationfunktionegenskaber: userKeys.map(([period, key]) => el(period, { brugervendtnoegle: key, funktionsnavn: 'Engagement' })),
    },
    tilstande: { organisationfunktiongyldighed: active },
    relationer: {
      organisatoriskfunktionstype: types.map(([period, type]) => el(period, { uuid: type })),
      opgaver: [el(always, { uuid: classes.teacher })],
      tilknyttedeenheder: [el(always, { uuid: unitA })],
      tilknyttedebrugere: [el(always, { uuid: person })],
      primær: [el(always, { uuid: classes.primary })],
    },
  });
}

describe('effects: the versions of one object', () => {
  it('splits where an attribute changes mid-way', () => {
    const units = [rootUnit, unit(unitA, changesAt('2020-01-01 00:00:00+01', 'Skolen', '2026-09-01 00:00:00+02', 'Den nye skole'), [[always, root]])];
    const found = snapshotOf({ units }).units.find((u) => u.uuid === unitA);
    expect(found?.validities.map((v) => [v.name, v.validity])).toEqual([
      ['Skolen', { from: '2020-01-01T00:00:00+01:00', to: '2026-09-01T00:00:00+02:00' }],
      ['Den nye skole', { from: '2026-09-01T00:00:00+02:00', to: null }],
    ]);
  });

  it('cuts at the bounds of every element when periods of different lists overlap', () => {
    const units = [
      rootUnit,
      unit(unitB, [[always, 'Anden forælder']], [[always, root]]),
      unit(
        unitA,
        changesAt('2020-01-01 00:00:00+01', 'A', '2027-01-01 00:00:00+01', 'B'),
        changesAt('2020-01-01 00:00:00+01', root, '2026-10-01 00:00:00+02', unitB),
      ),
    ];
    const found = snapshotOf({ units }).units.find((u) => u.uuid === unitA);
    expect(found?.validities.map((v) => [v.name, v.parent_response?.uuid, v.validity.from, v.validity.to])).toEqual([
      ['A', root, '2020-01-01T00:00:00+01:00', '2026-10-01T00:00:00+02:00'],
      ['A', unitB, '2026-10-01T00:00:00+02:00', '2027-01-01T00:00:00+01:00'],
      ['B', unitB, '2027-01-01T00:00:00+01:00', null],
    ]);
  });

  it('reads an exclusive end across the spring DST change, and a gap of one inactive day', () => {
    const units = [
      rootUnit,
      unit(
        unitA,
        [[['2026-01-01 00:00:00+01', 'infinity'], 'Skolen']],
        [[always, root]],
        states(
          ['2026-01-01 00:00:00+01', '2026-03-29 00:00:00+01', 'Aktiv'],
          ['2026-03-29 00:00:00+01', '2026-03-30 00:00:00+02', 'Inaktiv'],
          ['2026-03-30 00:00:00+02', 'infinity', 'Aktiv'],
        ),
      ),
    ];
    const found = snapshotOf({ units }, '2026-03-01').units.find((u) => u.uuid === unitA);
    expect(found?.validities.map((v) => v.validity)).toEqual([
      { from: '2026-01-01T00:00:00+01:00', to: '2026-03-29T00:00:00+01:00' },
      { from: '2026-03-30T00:00:00+02:00', to: null },
    ]);
  });

  it('merges touching slices only when every value is equal', () => {
    const split = object(id('a0', 9), {
      attributter: {
        organisationenhedegenskaber: [
          el(['2020-01-01 00:00:00+01', '2024-01-01 00:00:00+01'], { brugervendtnoegle: 'X', enhedsnavn: 'X' }),
          el(['2024-01-01 00:00:00+01', 'infinity'], { brugervendtnoegle: 'X', enhedsnavn: 'X' }),
        ],
      },
      tilstande: {
        organisationenhedgyldighed: states(['2020-01-01 00:00:00+01', '2022-01-01 00:00:00+01', 'Aktiv'], ['2022-01-01 00:00:00+01', 'infinity', 'Aktiv']),
      },
      relationer: {
        overordnet: [el(always, { uuid: root })],
        // A relation MO maps but the Units document does not ask for: a change still makes a new version.
        enhedstype: [el(['-infinity', '2025-01-01 00:00:00+01'], { uuid: id('c0', 50) }), el(['2025-01-01 00:00:00+01', 'infinity'], { uuid: id('c0', 51) })],
      },
    });
    expect(versionsOf(split).map((v) => [v.from, v.to])).toEqual([
      ['2020-01-01', '2025-01-01'],
      ['2025-01-01', 'infinity'],
    ]);
  });

  it('keeps open ends open: -infinity and infinity', () => {
    const persons = [
      object(person, {
        attributter: { brugerudvidelser: [el(always, { fornavn: 'Anders', efternavn: 'And' })] },
        tilstande: { brugergyldighed: states(['-infinity', 'infinity', 'Aktiv']) },
        relationer: { tilknyttedepersoner: [el(always, { urn: 'urn:dk:cpr:person:0101501234' })] },
      }),
    ];
    expect(snapshotOf({ persons }).persons).toEqual([
      { uuid: person, validities: [{ cpr_number: '0101501234', name: 'Anders And', validity: { from: null, to: null }, addresses_response: { objects: [] } }] },
    ]);
    expect(snapshotOf({ units: [rootUnit] }).units[0]?.validities[0]?.validity).toEqual({ from: '0001-01-01T00:00:00+01:00', to: null });
  });

  it("needs attributes as well as an Aktiv state: the days before a person's first name are no version", () => {
    const persons = [
      object(person, {
        attributter: { brugerudvidelser: [el(['2026-08-01 00:00:00+02', 'infinity'], { fornavn: 'Ny', efternavn: '' })] },
        tilstande: { brugergyldighed: states(['2010-01-01 00:00:00+01', 'infinity', 'Aktiv']) },
      }),
    ];
    expect(snapshotOf({ persons }).persons[0]?.validities).toEqual([
      { cpr_number: null, name: 'Ny', validity: { from: '2026-08-01T00:00:00+02:00', to: null }, addresses_response: { objects: [] } },
    ]);
  });

  it('ends a version where Aktiv ends, even when the attributes run on to infinity (termination)', () => {
    const terminated = engagement(
      id('e0', 1),
      [[always, classes.monthly]],
      states(['2020-01-01 00:00:00+01', '2026-09-01 00:00:00+02', 'Aktiv'], ['2026-09-01 00:00:00+02', 'infinity', 'Inaktiv']),
    );
    const found = snapshotOf({ engagements: [terminated] }).engagements;
    expect(found.map((e) => e.validities.map((v) => v.validity))).toEqual([[{ from: '2020-01-01T00:00:00+01:00', to: '2026-09-01T00:00:00+02:00' }]]);
  });

  it('keeps the versions on both sides of an inactive gap apart, although their values are equal', () => {
    const onLeave = engagement(
      id('e0', 2),
      [[always, classes.monthly]],
      states(
        ['2020-01-01 00:00:00+01', '2026-07-01 00:00:00+02', 'Aktiv'],
        ['2026-07-01 00:00:00+02', '2026-08-01 00:00:00+02', 'Inaktiv'],
        ['2026-08-01 00:00:00+02', 'infinity', 'Aktiv'],
      ),
    );
    const [found] = snapshotOf({ engagements: [onLeave] }).engagements;
    expect(found?.validities.map((v) => v.validity)).toEqual([
      { from: '2020-01-01T00:00:00+01:00', to: '2026-07-01T00:00:00+02:00' },
      { from: '2026-08-01T00:00:00+02:00', to: null },
    ]);
    expect(found?.history).toEqual([{ validity: { from: '2020-01-01T00:00:00+01:00' } }, { validity: { from: '2026-08-01T00:00:00+02:00' } }]);
  });

  it('leaves out an object entirely in the past, and versions that ended before today', () => {
    const past = engagement(id('e0', 3), [[always, classes.monthly]], states(['2010-01-01 00:00:00+01', '2025-01-01 00:00:00+01', 'Aktiv']));
    const changed = engagement(
      id('e0', 4),
      [[always, classes.monthly]],
      states(['2010-01-01 00:00:00+01', 'infinity', 'Aktiv']),
      changesAt('-infinity', 'old', '2026-06-15 00:00:00+02', 'new'),
    );
    const found = snapshotOf({ engagements: [past, changed] }).engagements;
    expect(found.map((e) => [e.uuid, e.validities.map((v) => v.validity.from)])).toEqual([[id('e0', 4), ['2026-06-15T00:00:00+02:00']]]);
    // The whole history still has both.
    expect(found[0]?.history?.map((h) => h.validity.from)).toEqual(['2010-01-01T00:00:00+01:00', '2026-06-15T00:00:00+02:00']);
  });

  it('pins today: a version whose last day is today is current; one that ended yesterday is past', () => {
    const endsToday = engagement(id('e0', 5), [[always, classes.monthly]], states(['2010-01-01 00:00:00+01', '2026-06-16 00:00:00+02', 'Aktiv']));
    const endedYesterday = engagement(id('e0', 6), [[always, classes.monthly]], states(['2010-01-01 00:00:00+01', '2026-06-15 00:00:00+02', 'Aktiv']));
    expect(snapshotOf({ engagements: [endsToday, endedYesterday] }).engagements.map((e) => e.uuid)).toEqual([id('e0', 5)]);
    expect(snapshotOf({ engagements: [endsToday, endedYesterday] }, '2026-06-14').engagements.map((e) => e.uuid)).toEqual([id('e0', 5), id('e0', 6)]);
  });

  it('selects engagements whose type is allowed in some version from today on, with all their versions', () => {
    const switching = engagement(
      id('e0', 7),
      changesAt('-infinity', classes.hourly, '2026-09-01 00:00:00+02', classes.monthly),
      states(['2010-01-01 00:00:00+01', 'infinity', 'Aktiv']),
    );
    const wasAllowed = engagement(
      id('e0', 8),
      changesAt('-infinity', classes.monthly, '2026-01-01 00:00:00+01', classes.hourly),
      states(['2010-01-01 00:00:00+01', 'infinity', 'Aktiv']),
    );
    const found = snapshotOf({ engagements: [switching, wasAllowed] }).engagements;
    expect(found.map((e) => e.uuid)).toEqual([id('e0', 7)]);
    expect(found[0]?.validities.map((v) => v.engagement_type_response)).toEqual([
      { uuid: classes.hourly, current: { name: 'Timeløn', scope: null } },
      { uuid: classes.monthly, current: { name: 'Månedsløn', scope: null } },
    ]);
    expect(found[0]?.validities.every((v) => v.is_primary)).toBe(true);
  });

  it('treats an object without a state list as active where it has attributes (classes)', () => {
    const cls = object(id('c0', 60), {
      attributter: { klasseegenskaber: [el(['2026-08-01 00:00:00+02', 'infinity'], { brugervendtnoegle: 'Pædagog', titel: 'Pædagog' })] },
      relationer: { facet: [el(always, { uuid: facets.jobFunction })] },
    });
    expect(versionsOf(cls).map((v) => [v.from, v.to])).toEqual([['2026-08-01', 'infinity']]);
    expect(snapshotOf({ classes: [...classification.classes, cls] }).jobFunctions).toEqual([
      { uuid: classes.teacher, validities: [{ name: 'Lærer', validity: { from: null, to: null } }] },
      { uuid: id('c0', 60), validities: [{ name: 'Pædagog', validity: { from: '2026-08-01T00:00:00+02:00', to: null } }] },
    ]);
  });
});

describe("units: MO's ancestor filter", () => {
  it('takes units below the root along any parent link from today on, and no parent for a uuid that is no unit', () => {
    const units = [
      rootUnit,
      // Moves out of the tree in the autumn: still below the root by its current version.
      unit(unitA, [[always, 'Flytter']], changesAt('-infinity', root, '2026-10-01 00:00:00+02', unitC)),
      // Was below the root only in the past.
      unit(unitB, [[always, 'Flyttede']], changesAt('-infinity', root, '2026-01-01 00:00:00+01', unitC)),
      unit(unitC, [[always, 'Andet træ']], [[always, org]]),
    ];
    const found = snapshotOf({ units }).units;
    expect(found.map((u) => u.uuid)).toEqual([root, unitA]);
    expect(found[0]?.validities[0]?.parent_response).toBeNull();
    expect(found[1]?.validities.map((v) => v.parent_response)).toEqual([{ uuid: root }, { uuid: unitC }]);
  });
});
