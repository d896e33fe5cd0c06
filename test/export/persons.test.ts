/** bruger.csv's CPR, Navn and row choice, by exact outputs (src/export/persons.ts). */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot.js';
import { engagement, p, person, run } from './builders.js';

const employed = (...persons: Snapshot['persons']) => ({
  persons,
  engagements: persons.map((_, i) => engagement(i + 1, { person: Number(persons[i]?.uuid.slice(-12)), unit: 1 })),
});

describe('the CPR column (the contract: 10 digits)', () => {
  it('writes a CPR of exactly 10 digits as it is', () => {
    const { rows, warnings } = run(employed(person(1, 'Anna', { cpr: '0101801234' })));
    expect(rows.bruger.map((row) => row.CPR)).toEqual(['0101801234']);
    expect(warnings).toEqual([]);
  });

  it('writes any other CPR empty, with a warning naming the person: 9 or 11 digits, letters, a dash, spaces, non-ASCII digits', () => {
    for (const cpr of ['010180123', '01018012345', '010180123x', '010180-1234', ' 0101801234', '0101801234 ', '٠١٠١٨٠١٢٣٤', '0101801234\n']) {
      const { rows, warnings } = run(employed(person(1, 'Anna', { cpr })));
      expect(rows.bruger.map((row) => row.CPR)).toEqual(['']);
      expect(warnings).toEqual([{ kind: 'malformed-cpr', subject: p(1) }]);
    }
  });

  it('writes a missing or empty CPR empty, with its own warning', () => {
    for (const cpr of [null, '']) {
      const { rows, warnings } = run(employed(person(1, 'Anna', { cpr })));
      expect(rows.bruger.map((row) => row.CPR)).toEqual(['']);
      expect(warnings).toEqual([{ kind: 'person-without-cpr', subject: p(1) }]);
    }
  });

  it('persons without a CPR are never duplicates of each other', () => {
    const { rows, warnings } = run(
      employed(person(1, 'Anna', { cpr: null }), person(2, 'Bo', { cpr: '' }), person(3, 'Carl', { cpr: null }), person(4, 'Dan', { cpr: '' })),
    );
    expect(rows.bruger.map((row) => row.BrugerId)).toEqual([p(1), p(2), p(3), p(4)]);
    expect(warnings).toEqual([1, 2, 3, 4].map((n) => ({ kind: 'person-without-cpr', subject: p(n) })));
  });

  it('of persons sharing a CPR keeps the lowest UUID, whatever the order MO answers them in', () => {
    const shared = '0101801234';
    for (const order of [
      [3, 1, 2],
      [2, 3, 1],
    ]) {
      const { rows, warnings } = run(employed(...order.map((n) => person(n, `P${n}`, { cpr: n === 2 ? '0202801234' : shared }))));
      expect(rows.bruger.map((row) => [row.BrugerId, row.CPR])).toEqual([
        [p(1), shared],
        [p(2), '0202801234'],
      ]);
      expect(rows.engagement.map((row) => row.BrugerId)).toEqual([p(1), p(2)]);
      expect(warnings).toEqual([{ kind: 'duplicate-cpr', subject: p(3) }]);
    }
  });
});

describe('a person MO has no version of', () => {
  it('is left out of bruger.csv, and is no duplicate of anyone', () => {
    const empty = { uuid: p(2), validities: [] };
    const { rows } = run(employed(person(1, 'Anna'), empty));
    expect(rows.bruger.map((row) => row.BrugerId)).toEqual([p(1)]);
    expect(rows.engagement.map((row) => row.BrugerId)).toEqual([p(1), p(2)]);
  });
});

describe('the Navn column', () => {
  it('is the name as written; a person without one is exported with an empty Navn and a warning', () => {
    const nameless = person(2, '');
    const { rows, warnings } = run(employed(person(1, 'Anna Jensen'), nameless));
    expect(rows.bruger.map((row) => row.Navn)).toEqual(['Anna Jensen', '']);
    expect(warnings).toEqual([{ kind: 'person-without-name', subject: p(2) }]);
  });
});

describe("the person's version", () => {
  it('is the active one, else the earliest future one, else the latest known', () => {
    const versions = (uuidN: number, spans: { from: string; to: string | null; name: string }[]): Snapshot['persons'][number] => ({
      uuid: p(uuidN),
      validities: spans.map(({ from, to, name }) => ({
        cpr_number: `01018${String(uuidN).padStart(5, '0')}`,
        name,
        validity: { from: `${from}T00:00:00+01:00`, to: to && `${to}T00:00:00+01:00` },
        addresses_response: { objects: [] },
      })),
    });
    const { rows } = run(
      employed(
        versions(1, [
          { from: '2027-06-01', to: null, name: 'Later' },
          { from: '2027-01-01', to: '2027-06-01', name: 'Sooner' },
        ]),
        versions(2, [
          { from: '2020-01-01', to: '2021-01-01', name: 'Old' },
          { from: '2021-01-01', to: '2022-01-01', name: 'Newest past' },
        ]),
        versions(3, [
          { from: '2020-01-01', to: '2026-01-01', name: 'Past' },
          { from: '2026-01-01', to: null, name: 'Now' },
        ]),
      ),
    );
    expect(rows.bruger.map((row) => row.Navn)).toEqual(['Sooner', 'Newest past', 'Now']);
  });
});
