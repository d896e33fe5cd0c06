import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/format.js';
import { parseDataset } from '../../src/dataset/load.js';
import { tooDeepLevelNames } from '../../src/generate/classes.js';
import { generateDataset, managerCountFor, unitCountFor } from '../../src/generate/generate.js';
import { datasetShape, type DatasetShape } from '../../src/generate/shape.js';
import { integrityProblems } from './integrity.js';

const today = '2026-11-26';

describe('generateDataset: determinism', () => {
  it('gives byte-identical JSON for the same options', () => {
    const options = { persons: 1000, seed: 7, today };
    expect(JSON.stringify(generateDataset(options))).toBe(JSON.stringify(generateDataset(options)));
  });

  it('gives another municipality for another seed', () => {
    const a = generateDataset({ persons: 300, seed: 7, today });
    const b = generateDataset({ persons: 300, seed: 8, today });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(b.persons[0]?.uuid).not.toBe(a.persons[0]?.uuid);
  });

  it('tells seeds apart beyond 32 bits', () => {
    const a = generateDataset({ persons: 50, seed: 1, today });
    const b = generateDataset({ persons: 50, seed: 1 + 2 ** 32, today });
    expect(b.organisation).not.toBe(a.organisation);
  });

  it('keeps a seed’s classes whatever the number of persons', () => {
    const small = generateDataset({ persons: 20, seed: 3, today });
    const large = generateDataset({ persons: 2000, seed: 3, today });
    expect(large.classes).toEqual(small.classes);
    expect(large.organisation).toBe(small.organisation);
  });

  it('names the dataset after its options', () => {
    expect(generateDataset({ persons: 1000, seed: 7, today }).name).toBe('Generated municipality (seed 7, 1000 persons, as of 2026-11-26)');
  });

  it('rejects options it cannot honour', () => {
    expect(() => generateDataset({ persons: -1, seed: 1, today })).toThrow(RangeError);
    expect(() => generateDataset({ persons: 1.5, seed: 1, today })).toThrow(RangeError);
    expect(() => generateDataset({ persons: 10, seed: 0.5, today })).toThrow(RangeError);
    expect(() => generateDataset({ persons: 10, seed: 1, today: '2026-02-30' })).toThrow(RangeError);
    expect(() => generateDataset({ persons: 10, seed: 1, today: '26-11-2026' })).toThrow(RangeError);
  });
});

describe('generateDataset: classes', () => {
  const dataset = generateDataset({ persons: 10, seed: 1, today });
  const facet = (key: string) => dataset.classes.filter((c) => c.facet === key);
  const scopes = (key: string) => facet(key).map((c) => c.scope);

  it('has the facets MO has', () => {
    expect(dataset.facets.map((f) => f.user_key).sort()).toEqual(
      [
        'employee_address_type',
        'engagement_job_function',
        'engagement_type',
        'manager_level',
        'manager_type',
        'org_unit_address_type',
        'org_unit_level',
        'org_unit_type',
        'primary_type',
        'responsibility',
        'visibility',
      ].sort(),
    );
  });

  it('has Danish job functions, pay types and too-deep levels', () => {
    expect(facet('engagement_job_function').length).toBeGreaterThanOrEqual(40);
    expect(facet('engagement_job_function').length).toBeLessThanOrEqual(80);
    expect(facet('engagement_job_function').map((c) => c.name)).toEqual(
      expect.arrayContaining(['Pædagog', 'Social- og sundhedsassistent', 'Skolelærer', 'Overlæge', 'Fuldmægtig']),
    );
    expect(facet('engagement_type').map((c) => c.name)).toEqual(expect.arrayContaining(['Månedsløn', 'Timeløn', 'Elev', 'Frivillig', 'Vikar']));
    expect(facet('org_unit_level').map((c) => c.name)).toEqual(expect.arrayContaining(['Niveau 1', 'Niveau 2', 'Niveau 3', 'Niveau 4', ...tooDeepLevelNames]));
    expect(facet('responsibility').map((c) => c.name)).toEqual(expect.arrayContaining(['Personaleledelse', 'Budgetansvar', 'Arbejdsmiljø']));
  });

  it('has the scopes the exporter reads', () => {
    expect(scopes('visibility').sort()).toEqual(['INTERNAL', 'PUBLIC', 'SECRET']);
    expect(scopes('primary_type').sort()).toEqual(['0', '3000', '5000']);
    expect(scopes('employee_address_type').sort()).toEqual(['EMAIL', 'EMAIL', 'PHONE', 'PHONE']);
    expect(scopes('org_unit_address_type').sort()).toEqual(['DAR', 'EAN', 'PHONE', 'PNUMBER']);
  });
});

describe.each([1000, 5000])('generateDataset with %i persons', (persons) => {
  let dataset: Dataset;
  let shape: DatasetShape;
  beforeAll(() => {
    dataset = generateDataset({ persons, seed: 7, today });
    shape = datasetShape(dataset, today);
    console.log(`${persons} persons:`, JSON.stringify(shape));
  });

  it('passes the dataset loader', () => {
    expect(() => parseDataset(JSON.stringify(dataset), `generated-${persons}.json`)).not.toThrow();
  });

  it('keeps every reference valid over time', () => {
    expect(integrityProblems(dataset)).toEqual([]);
  });

  it('has a municipality’s proportions', () => {
    expect(shape.units).toBe(unitCountFor(persons));
    expect(shape.units).toBeGreaterThan((persons / 15) * 0.95);
    expect(shape.units).toBeLessThan((persons / 15) * 1.05);
    expect(shape.treeDepth).toBeGreaterThanOrEqual(4);
    expect(shape.treeDepth).toBeLessThanOrEqual(6);
    expect(shape.persons).toBe(persons);
    expect(shape.engagements / persons).toBeGreaterThan(1.1);
    expect(shape.engagements / persons).toBeLessThan(1.35);
    expect(shape.managers).toBeGreaterThanOrEqual(managerCountFor(persons));
    expect(shape.managers).toBeLessThan(managerCountFor(persons) * 1.2);
    expect(shape.addresses / persons).toBeGreaterThan(1.5);
    expect(shape.addresses / persons).toBeLessThan(3);
  });

  it.each<[string, (keyof DatasetShape)[]]>([
    ['units of every kind the exporter tells apart', ['tooDeepUnits', 'endedUnits', 'futureUnits', 'multiVersionUnits', 'darWithFloorOrDoor', 'retiredDar']],
    [
      'persons with shared, missing and changing identities',
      ['sharedCprs', 'personsWithoutCpr', 'multiVersionPersons', 'personsWithoutAddress', 'secretAddresses', 'addressesWithoutVisibility'],
    ],
    [
      'engagements past, future, changing and out of the exported tree',
      ['endedEngagements', 'futureEngagements', 'multiVersionEngagements', 'engagementsInTooDeepUnits', 'engagementsInFutureUnits', 'emptyExtension2'],
    ],
    ['vacant, shared-out, ended and future manager roles', ['vacantManagers', 'managersWithSeveralResponsibilities', 'endedManagers', 'futureManagers']],
  ])('has %s', (_, counts) => {
    for (const count of counts) expect(shape[count], count).toBeGreaterThan(0);
  });

  it('has persons with one, no and two primary engagements among several', () => {
    const counts = primaryCountsOfPersonsWithSeveralEngagements(dataset);
    for (const primaries of [1, 0, 2]) expect(counts.get(primaries), `persons with ${primaries} primary engagements`).toBeGreaterThan(0);
  });
});

describe('generateDataset: edge options', () => {
  it.each([
    { persons: 0, seed: 1, today },
    { persons: 1, seed: 2, today },
    { persons: 500, seed: 3, today: '2026-12-31' },
    { persons: 500, seed: 4, today: '2024-02-29' },
    { persons: 500, seed: -5, today: '2026-01-01' },
    { persons: 500, seed: 2 ** 40 + 6, today: '2030-06-30' },
  ])('stays consistent for %o', (options) => {
    const dataset = generateDataset(options);
    expect(() => parseDataset(JSON.stringify(dataset), 'generated.json')).not.toThrow();
    expect(integrityProblems(dataset)).toEqual([]);
    expect(dataset.units.length).toBeGreaterThanOrEqual(10);
  });

  it('has a duplicate CPR pair and a person without CPR from 500 persons', () => {
    const shape = datasetShape(generateDataset({ persons: 500, seed: 11, today }), today);
    expect(shape.sharedCprs).toBe(1);
    expect(shape.personsWithoutCpr).toBe(1);
  });
});

describe('generateDataset at scale', () => {
  it('generates 60,000 persons', () => {
    const started = performance.now();
    const dataset = generateDataset({ persons: 60_000, seed: 7, today });
    const generated = performance.now();
    const bytes = JSON.stringify(dataset).length;
    const shape = datasetShape(dataset, today);
    console.log(
      `60000 persons: generated in ${Math.round(generated - started)} ms, ${(bytes / 1e6).toFixed(1)} MB of JSON;`,
      `${shape.units} units, ${shape.engagements} engagements, ${shape.addresses} addresses, ${shape.managers} managers`,
    );
    expect(shape.persons).toBe(60_000);
  });
});

/** For persons with two or more engagements: how many persons have 0, 1, 2, ... primary ones. */
function primaryCountsOfPersonsWithSeveralEngagements(dataset: Dataset): Map<number, number> {
  const primaryScope = new Map(dataset.classes.filter((c) => c.facet === 'primary_type').map((c) => [c.uuid, Number(c.scope)]));
  const byPerson = new Map<string, boolean[]>();
  for (const engagement of dataset.engagements) {
    const first = engagement.versions[0];
    if (!first) continue;
    const isPrimary = first.primary !== null && (primaryScope.get(first.primary) ?? 0) >= 3000;
    byPerson.set(first.person, [...(byPerson.get(first.person) ?? []), isPrimary]);
  }
  const counts = new Map<number, number>();
  for (const flags of byPerson.values()) {
    if (flags.length < 2) continue;
    const primaries = flags.filter(Boolean).length;
    counts.set(primaries, (counts.get(primaries) ?? 0) + 1);
  }
  return counts;
}
