import { describe, expect, it } from 'vitest';
import { describeDiff, diffRows, isIdentical } from '../../src/compare/diff.js';
import type { Rows } from '../../src/export/columns.js';

const bruger = (id: string, navn: string, cpr = '0101801234') => ({ BrugerId: id, CPR: cpr, Navn: navn, 'E-mail': '', Mobil: '', Stilling: 'Pædagog' });
const rows = (people: ReturnType<typeof bruger>[]): Rows => ({ bruger: people, organisation: [], engagement: [], stillingskode: [], leder: [] });

describe('comparing two exports', () => {
  it('finds nothing when only the row order differs', () => {
    const left = rows([bruger('a', 'A'), bruger('b', 'B')]);
    expect(isIdentical(diffRows(left, rows([bruger('b', 'B'), bruger('a', 'A')])))).toBe(true);
  });

  it('lists rows only on one side and changed columns by key, never showing a CPR number', () => {
    const diffs = diffRows(rows([bruger('a', 'A'), bruger('b', 'B')]), rows([bruger('b', 'Bent', '0202802345'), bruger('c', 'C')]));
    expect(isIdentical(diffs)).toBe(false);
    const report = describeDiff(diffs, 'mo', 'lora');
    expect(report.slice(0, 4)).toEqual([
      'bruger.csv: 1 only in mo, 1 only in lora, 1 differ',
      '  only in mo: a',
      '  only in lora: c',
      '  differs b: CPR differs; Navn: "B" (mo) vs "Bent" (lora)',
    ]);
    expect(report.join('\n')).not.toMatch(/0101801234|0202802345/);
  });
});
