import { describe, expect, it } from 'vitest';
import { addYears, cprDatePart, dayNumber, dayString, firstOfNextMonth } from '../../src/generate/days.js';
import { generateDataset } from '../../src/generate/generate.js';
import { mailPart, streetLine } from '../../src/generate/names.js';
import { createRandom, weightedPicker } from '../../src/generate/random.js';
import { unitsPerDepth } from '../../src/generate/tree.js';
import { integrityProblems } from './integrity.js';

describe('random', () => {
  const draws = (seed: number, stream: 'units' | 'persons') => {
    const random = createRandom(seed, stream);
    return [random.int(0, 1000), random.uuid(), random.float()];
  };

  it('repeats a seed’s stream and keeps streams apart', () => {
    expect(draws(5, 'units')).toEqual(draws(5, 'units'));
    expect(draws(5, 'units')).not.toEqual(draws(5, 'persons'));
    expect(draws(5, 'units')).not.toEqual(draws(6, 'units'));
  });

  it('makes version 4 UUIDs', () => {
    const random = createRandom(1, 'units');
    for (let i = 0; i < 1000; i++) expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('never picks what weighs nothing', () => {
    const random = createRandom(2, 'units');
    const pick = weightedPicker(['a', 'b', 'c'], (item) => (item === 'b' ? 0 : 1));
    for (let i = 0; i < 1000; i++) {
      expect(
        random.weighted([
          ['x', 0],
          ['y', 1],
        ]),
      ).toBe('y');
      expect(pick(random)).not.toBe('b');
    }
  });

  it('samples distinct items', () => {
    const sample = createRandom(3, 'units').sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(sample).size).toBe(4);
    expect(createRandom(3, 'units').sample([1, 2], 5).sort()).toEqual([1, 2]);
  });
});

describe('days', () => {
  it('reads and writes calendar days', () => {
    expect(dayString(dayNumber('2026-11-26'))).toBe('2026-11-26');
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(() => dayNumber('2025-02-29')).toThrow(RangeError);
  });

  it('does calendar arithmetic', () => {
    expect(dayString(firstOfNextMonth(dayNumber('2026-12-31')))).toBe('2027-01-01');
    expect(dayString(firstOfNextMonth(dayNumber('2026-11-01')))).toBe('2026-12-01');
    expect(dayString(addYears(dayNumber('2008-02-29'), 16))).toBe('2024-02-29');
    expect(dayString(addYears(dayNumber('2008-02-29'), 1))).toBe('2009-03-01');
    expect(cprDatePart(dayNumber('1987-04-05'))).toBe('050487');
  });
});

describe('names', () => {
  it('writes street lines as DAR does', () => {
    const street = { road: 'Søndersøvej', houseNumber: '2' };
    expect(streetLine({ ...street, floor: '1', door: 'th' })).toBe('Søndersøvej 2, 1. th');
    expect(streetLine({ ...street, floor: 'st', door: null })).toBe('Søndersøvej 2, st.');
    expect(streetLine({ ...street, floor: null, door: '1' })).toBe('Søndersøvej 2, 1');
    expect(streetLine({ ...street, floor: null, door: null })).toBe('Søndersøvej 2');
  });

  it('makes ASCII e-mail parts', () => {
    expect(mailPart('Søren Østergaard')).toBe('soeren.oestergaard');
    expect(mailPart('Anne-Mette Åberg')).toBe('anne.mette.aaberg');
  });
});

describe('tree', () => {
  it('splits the units over depths 2 to 6, none empty', () => {
    for (const total of [0, 10, 11, 27, 67, 333, 4000]) {
      const counts = unitsPerDepth(total);
      expect(counts).toHaveLength(5);
      expect(1 + counts.reduce((a, b) => a + b, 0)).toBe(Math.max(10, total));
      for (const count of counts) expect(count).toBeGreaterThan(0);
    }
  });
});

describe('integrity checker', () => {
  it('finds a reference outside the referenced object’s life', () => {
    const dataset = generateDataset({ persons: 50, seed: 1, today: '2026-11-26' });
    const engagement = dataset.engagements[0];
    const version = engagement?.versions[0];
    if (!version) throw new Error('no engagement generated');
    version.from = '1900-01-01';
    expect(integrityProblems(dataset).join('\n')).toMatch(/does not exist throughout/);
  });

  it('finds a unit tree with a cycle', () => {
    const dataset = generateDataset({ persons: 50, seed: 1, today: '2026-11-26' });
    const [root, child] = dataset.units;
    const rootVersion = root?.versions[0];
    if (!rootVersion || !child) throw new Error('no units generated');
    rootVersion.parent = child.uuid;
    expect(integrityProblems(dataset).join('\n')).toMatch(/0 roots[\s\S]*no path to the root/);
  });
});
