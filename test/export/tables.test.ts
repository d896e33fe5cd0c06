/**
 * The export's module-level tables, tested directly: a mutant in a table is
 * static (it exists before any test runs), so npm run mutation ignores it,
 * and these tests are what guard the tables.
 */
import { describe, expect, it } from 'vitest';
import { columnsOf, fileColumns, fileNames } from '../../src/export/columns.js';
import { extensionFields } from '../../src/export/options.js';
import { countWarnings, warningKinds, type Warning } from '../../src/export/warnings.js';

describe("the five files and their columns, in the contract's order", () => {
  it('are exactly these', () => {
    expect(fileNames).toEqual(['bruger', 'organisation', 'engagement', 'stillingskode', 'leder']);
    expect(fileColumns).toEqual({
      bruger: ['BrugerId', 'CPR', 'Navn', 'E-mail', 'Mobil', 'Stilling'],
      organisation: ['AfdelingsID', 'Afdelingsnavn', 'Parentid', 'Gade', 'Postnr', 'By'],
      engagement: ['EngagementId', 'BrugerId', 'AfdelingsId', 'AktivStatus', 'StillingskodeId', 'Primær', 'Engagementstype', 'StartdatoEngagement'],
      stillingskode: ['StillingskodeID', 'AktivStatus', 'Stillingskode', 'Stillingskode#'],
      leder: ['BrugerId', 'AfdelingsID', 'AktivStatus', 'Titel', 'OrganisationsfunktionsUUID'],
    });
  });

  it('leder.csv has its fifth column only in the RSD variant; no other file changes', () => {
    expect(columnsOf('leder', false)).toEqual(['BrugerId', 'AfdelingsID', 'AktivStatus', 'Titel']);
    expect(columnsOf('leder', true)).toEqual(['BrugerId', 'AfdelingsID', 'AktivStatus', 'Titel', 'OrganisationsfunktionsUUID']);
    for (const file of fileNames.filter((name) => name !== 'leder')) {
      expect(columnsOf(file, false)).toEqual(fileColumns[file]);
      expect(columnsOf(file, true)).toEqual(fileColumns[file]);
    }
  });

  it('the Stilling extension fields are extension_1 to extension_10', () => {
    expect(extensionFields).toEqual(Array.from({ length: 10 }, (_, i) => `extension_${i + 1}`));
  });
});

describe('warnings', () => {
  it('each kind has its summary text, in this order', () => {
    expect(Object.entries(warningKinds).map(([kind, text]) => `${kind}: ${text}`)).toEqual([
      'person-without-cpr: persons exported with an empty CPR',
      'malformed-cpr: persons whose CPR number is not 10 digits, exported with an empty CPR',
      'duplicate-cpr: persons left out because another person has the same CPR',
      'engagement-moved-to-ancestor: engagements in a unit not exported, attributed to its nearest exported ancestor',
      'engagement-in-excluded-unit-skipped: engagements in a unit not exported, skipped',
      'engagement-unknown-person: engagements whose person MO does not have',
      'engagement-unknown-job-function: engagements whose job function is not a job-function class',
      'manager-vacant: vacant manager roles skipped',
      'manager-person-not-exported: manager roles skipped because their person is not in bruger.csv',
      'dar-address-unresolved: units whose DAR address MO could not resolve (Ukendt: retired in DAR?), exported without Gade, Postnr and By',
      'duplicate-object: objects MO answered twice (the first kept)',
      'control-characters-replaced: values with line breaks or control characters, replaced by spaces',
      'long-value-cut: values longer than 500 characters, cut',
      'unencodable-character-replaced: values with characters windows-1252 cannot hold, replaced by their base letter (Ł → L) or ?',
      'unit-parent-loop: loops of units whose parent chain comes back to itself, left out with the units below them',
      'person-without-name: persons exported with an empty Navn',
    ]);
  });

  it("are counted by kind in the table's order, kinds without any left out", () => {
    const warnings: Warning[] = [
      { kind: 'long-value-cut', subject: 'a' },
      { kind: 'malformed-cpr', subject: 'b' },
      { kind: 'long-value-cut', subject: 'c' },
      { kind: 'person-without-cpr', subject: 'd' },
      { kind: 'long-value-cut', subject: 'e' },
    ];
    expect(countWarnings(warnings)).toEqual([
      ['person-without-cpr', 1],
      ['malformed-cpr', 1],
      ['long-value-cut', 3],
    ]);
    expect(countWarnings([])).toEqual([]);
  });
});
