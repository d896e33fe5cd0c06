import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset, Temporal, Validity } from '../../src/dataset/format.js';
import { DatasetError, loadDataset, parseDataset } from '../../src/dataset/load.js';
import { cls, engagement, fixture, person, unit } from './fixture.js';

/** The message parseDataset throws for the fixture after `spoil`. */
function problemOf(spoil: (dataset: Dataset & Record<string, unknown>) => void): string {
  const dataset = fixture() as Dataset & Record<string, unknown>;
  spoil(dataset);
  try {
    parseDataset(JSON.stringify(dataset), 'demo.json');
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return (error as Error).message;
  }
  throw new Error('no problem found');
}

const first = <T>(list: T[]): T => nth(list, 0);
function nth<T>(list: T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`no element ${i}`);
  return item;
}
/** The first version of the i-th object. */
const version = <V extends Validity>(objects: Temporal<V>[], i: number): V => first(nth(objects, i).versions);

describe('parseDataset', () => {
  it('accepts a good dataset as it is', () => {
    const dataset = fixture();
    expect(parseDataset(JSON.stringify(dataset), 'demo.json')).toEqual(dataset);
  });

  it('reports text that is not JSON on one line, with the place when JSON.parse tells it, without quoting the file', () => {
    expect(() => parseDataset('{"format": }', 'x.json')).toThrow(new DatasetError(`dataset x.json: not valid JSON (Unexpected token '}')`));
    expect(() => parseDataset('{\n"cpr": "0101901234"\n"b": 1}', 'x.json')).toThrow(
      new DatasetError(`dataset x.json: not valid JSON (Expected ',' or '}' after property value at line 3, column 1)`),
    );
    expect(() => parseDataset('{"a": ', 'x.json')).toThrow(new DatasetError('dataset x.json: not valid JSON (Unexpected end of JSON input)'));
  });

  const cases: [string, (dataset: Dataset & Record<string, unknown>) => void, string][] = [
    ['the format tag', (d) => Object.assign(d, { format: 'p2l-dataset/2' }), 'format must be "p2l-dataset/1"'],
    ['a missing list', (d) => Reflect.deleteProperty(d, 'managers'), 'managers must be an array'],
    ['an element that is no object', (d) => d.persons.push(7 as never), 'persons[5] must be an object'],
    ['a bad uuid', (d) => (first(d.units).uuid = 'ABC'), 'units[0]: uuid "ABC" is not a UUID (lowercase 8-4-4-4-12 hex digits)'],
    ['a duplicate uuid', (d) => (nth(d.persons, 3).uuid = person(2)), `persons[3] (uuid ${person(2)}): uuid already used by persons[1]`],
    ['no versions', (d) => (first(d.units).versions = []), `units[0] (uuid ${unit(1)}): versions must be a non-empty list`],
    ['a bad from', (d) => (first(first(d.units).versions).from = '2024-02-30'), `units[0] (uuid ${unit(1)}): version 1: from must be a day (YYYY-MM-DD)`],
    ['a bad to', (d) => (first(first(d.units).versions).to = '2024-1-1'), `units[0] (uuid ${unit(1)}): version 1: to must be a day (YYYY-MM-DD) or null`],
    [
      'to before from',
      (d) => (first(first(d.units).versions).to = '1999-12-31'),
      `units[0] (uuid ${unit(1)}): version 1: to 1999-12-31 is before from 2000-01-01`,
    ],
    [
      'overlapping versions',
      (d) => (version(d.engagements, 0).to = '2026-07-01'),
      `engagements[0] (uuid ${engagement(1)}): version 2 overlaps version 1 (2020-01-01..2026-07-01 and 2026-07-01..open)`,
    ],
    [
      'an open version overlapping a later one',
      (d) =>
        first(d.engagements)
          .versions.reverse()
          .forEach((v) => (v.to = null)),
      `engagements[0] (uuid ${engagement(1)}): version 1 overlaps version 2 (2020-01-01..open and 2026-07-01..open)`,
    ],
    [
      'a parent not in the dataset',
      (d) => (version(d.units, 1).parent = person(1)),
      `units[1] (uuid ${unit(2)}): version 1: parent ${person(1)} is not a unit in the dataset`,
    ],
    [
      'a person not in the dataset',
      (d) => (version(d.engagements, 3).person = unit(1)),
      `engagements[3] (uuid ${engagement(4)}): version 1: person ${unit(1)} is not a person in the dataset`,
    ],
    [
      'a class that is not one',
      (d) => (first(first(d.units).versions).level = unit(2)),
      `units[0] (uuid ${unit(1)}): version 1: level ${unit(2)} is not a class in the dataset`,
    ],
    [
      'a class of the wrong facet',
      (d) => (version(d.engagements, 3).job_function = cls(3)),
      `engagements[3] (uuid ${engagement(4)}): version 1: job_function ${cls(3)} is a class of facet "engagement_type", not engagement_job_function`,
    ],
    [
      'an address type of neither address facet',
      (d) => (version(d.addresses, 0).address_type = cls(13)),
      `addresses[0] (uuid ${first(fixture().addresses).uuid}): version 1: address_type ${cls(13)} is a class of facet "visibility", not employee_address_type or org_unit_address_type`,
    ],
    [
      'a wrong responsibility',
      (d) => (version(d.managers, 0).responsibilities = [cls(15), cls(17)]),
      `managers[0] (uuid ${first(fixture().managers).uuid}): version 1: responsibilities ${cls(17)} is a class of facet "manager_type", not responsibility`,
    ],
    [
      'a bad primary reference',
      (d) => (version(d.engagements, 3).primary = 'x' as string),
      `engagements[3] (uuid ${engagement(4)}): version 1: primary must be a UUID or null`,
    ],
    [
      'an address with two owners',
      (d) => (version(d.addresses, 0).person = person(1)),
      `addresses[0] (uuid ${first(fixture().addresses).uuid}): version 1: must have exactly one of person and unit`,
    ],
    [
      'an address without an owner',
      (d) => Reflect.deleteProperty(version(d.addresses, 0), 'unit'),
      `addresses[0] (uuid ${first(fixture().addresses).uuid}): version 1: must have exactly one of person and unit`,
    ],
    [
      'a CPR number that is not 10 digits (not echoed)',
      (d) => (first(first(d.persons).versions).cpr = '010190-1234'),
      `persons[0] (uuid ${person(1)}): version 1: cpr must be 10 digits or null`,
    ],
    [
      'a class of an unknown facet',
      (d) => (first(d.classes).facet = 'nonsense'),
      `classes[0] (uuid ${cls(1)}): facet "nonsense" is not a facet user_key in the dataset`,
    ],
    ['a missing name', (d) => Reflect.deleteProperty(version(d.units, 1), 'name'), `units[1] (uuid ${unit(2)}): version 1: name must be a string`],
    [
      'bad extensions',
      (d) => (version(d.engagements, 0).extensions = { '11': 'x' } as never),
      `engagements[0] (uuid ${engagement(1)}): version 1: extensions must be an object of strings under the keys "1" to "10"`,
    ],
  ];

  for (const [what, spoil, problem] of cases) {
    it(`reports ${what}`, () => {
      expect(problemOf(spoil)).toBe(`dataset demo.json: ${problem}`);
    });
  }

  it('keeps every message on one line', () => {
    for (const [, spoil] of cases) expect(problemOf(spoil)).not.toContain('\n');
  });
});

describe('loadDataset', () => {
  it('reads a file, and names it when it cannot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p2l-dataset-'));
    try {
      const file = join(dir, 'demo.json');
      await writeFile(file, JSON.stringify(fixture()));
      expect((await loadDataset(file)).name).toBe('Testkommune');
      await expect(loadDataset(join(dir, 'missing.json'))).rejects.toThrow(new RegExp(`^dataset ${join(dir, 'missing.json')}: cannot read it \\(ENOENT`));
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
