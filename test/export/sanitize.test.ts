/** Every value as the export writes it: control characters, windows-1252 and long values, each change a warning naming row and column. */
import { describe, expect, it } from 'vitest';
import type { Rows } from '../../src/export/columns.js';
import { maxFieldLength, sanitizedRows } from '../../src/export/sanitize.js';
import type { Warning } from '../../src/export/warnings.js';

const none: Rows = { bruger: [], organisation: [], engagement: [], stillingskode: [], leder: [] };
const person = (Navn: string, Stilling = 'Lærer') => ({ BrugerId: 'b1', CPR: '0101011234', Navn, 'E-mail': '', Mobil: '', Stilling });

function sanitized(rows: Partial<Rows>, encoding: 'utf-8' | 'windows-1252' = 'utf-8') {
  const warnings: Warning[] = [];
  return { rows: sanitizedRows({ ...none, ...rows }, encoding, warnings), warnings };
}

describe('sanitizedRows', () => {
  it('replaces each C0 and C1 control character, DEL included, by a space; other characters stay', () => {
    const controls = ['\u0000', '\u0009', '\u000a', '\u000d', '\u001f', '\u007f', '\u0080', '\u0085', '\u009b', '\u009f'];
    for (const control of controls) {
      const { rows, warnings } = sanitized({ bruger: [person(`A${control}B`)] });
      expect(rows.bruger[0]?.Navn).toBe('A B');
      expect(warnings).toEqual([{ kind: 'control-characters-replaced', subject: 'b1 Navn' }]);
    }
    const kept = ' ~\u00a0\u00a1ÆØÅ\u2028';
    const { rows, warnings } = sanitized({ bruger: [person(kept)] });
    expect(rows.bruger[0]?.Navn).toBe(kept);
    expect(warnings).toEqual([]);
  });

  it('replaces every control character of a value, and warns once per value', () => {
    const { rows, warnings } = sanitized({ bruger: [person('a\r\nb\u0085c', 'x\ty')] });
    expect(rows.bruger[0]).toEqual({ ...person('a  b c', 'x y') });
    expect(warnings).toEqual([
      { kind: 'control-characters-replaced', subject: 'b1 Navn' },
      { kind: 'control-characters-replaced', subject: 'b1 Stilling' },
    ]);
  });

  it('cuts values longer than 500 characters to 500, and leaves one of 500 whole', () => {
    expect(maxFieldLength).toBe(500);
    const exact = 'x'.repeat(500);
    const { rows, warnings } = sanitized({ bruger: [person(exact), { ...person('y'.repeat(501)), BrugerId: 'b2' }] });
    expect(rows.bruger[0]?.Navn).toBe(exact);
    expect(rows.bruger[1]?.Navn).toBe('y'.repeat(500));
    expect(warnings).toEqual([{ kind: 'long-value-cut', subject: 'b2 Navn' }]);
  });

  it('in windows-1252 replaces what it cannot hold, after the control characters and before the cut', () => {
    const { rows, warnings } = sanitized({ bruger: [person(`Łukasz\nő${'€'.repeat(499)}`)] }, 'windows-1252');
    expect(rows.bruger[0]?.Navn).toBe(`Lukasz o${'€'.repeat(492)}`);
    expect(warnings).toEqual([
      { kind: 'control-characters-replaced', subject: 'b1 Navn' },
      { kind: 'unencodable-character-replaced', subject: 'b1 Navn' },
      { kind: 'long-value-cut', subject: 'b1 Navn' },
    ]);
    const utf8 = sanitized({ bruger: [person('Łukasz')] });
    expect(utf8.rows.bruger[0]?.Navn).toBe('Łukasz');
    expect(utf8.warnings).toEqual([]);
  });

  it("names each file's row by its own UUID column", () => {
    const bad = 'a\nb';
    const { warnings } = sanitized({
      organisation: [{ AfdelingsID: 'u1', Afdelingsnavn: bad, Parentid: '', Gade: '', Postnr: '', By: '' }],
      engagement: [
        {
          EngagementId: 'e1',
          BrugerId: 'b1',
          AfdelingsId: 'u1',
          AktivStatus: '1',
          StillingskodeId: 's1',
          Primær: '1',
          Engagementstype: bad,
          StartdatoEngagement: '',
        },
      ],
      stillingskode: [{ StillingskodeID: 's1', AktivStatus: '1', Stillingskode: bad, 'Stillingskode#': 's1' }],
      leder: [{ BrugerId: 'b1', AfdelingsID: 'u1', AktivStatus: '1', Titel: bad, OrganisationsfunktionsUUID: 'm1' }],
    });
    expect(warnings.map((warning) => warning.subject)).toEqual(['u1 Afdelingsnavn', 'e1 Engagementstype', 's1 Stillingskode', 'm1 Titel']);
  });

  it('gives back clean rows as they are, and changes a copy of a row, never the row given', () => {
    const clean = person('Anne');
    const dirty = person('An\nne');
    const { rows } = sanitized({ bruger: [clean, dirty] });
    expect(rows.bruger[0]).toBe(clean);
    expect(rows.bruger[1]).not.toBe(dirty);
    expect(dirty.Navn).toBe('An\nne');
    expect(Object.keys(rows)).toEqual(['bruger', 'organisation', 'engagement', 'stillingskode', 'leder']);
  });
});
