import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsvFiles } from '../../src/csv/files.js';
import { csvBytes } from '../../src/csv/write.js';
import type { Rows } from '../../src/export/columns.js';
import { buildExport } from '../../src/export/build.js';
import { P2lError } from '../../src/util/errors.js';
import { engagement, options, person, snapshot, today, unit, uuid } from '../export/builders.js';

const rows: Rows = {
  bruger: [{ BrugerId: 'b1', CPR: '0101801234', Navn: 'Søren "Sørensen"; Æbelø', 'E-mail': '', Mobil: '12345678', Stilling: 'Pædagog' }],
  organisation: [{ AfdelingsID: 'u1', Afdelingsnavn: 'Kommune', Parentid: '', Gade: 'Torvet 1', Postnr: '8800', By: 'Viborg' }],
  engagement: [],
  stillingskode: [{ StillingskodeID: 's1', AktivStatus: '1', Stillingskode: 'Pædagog', 'Stillingskode#': 's1' }],
  leder: [{ BrugerId: 'b1', AfdelingsID: 'u1', AktivStatus: '1', Titel: 'Personaleledelse', OrganisationsfunktionsUUID: 'm1' }],
};

describe('the CSV files', () => {
  it('quote every field, empty ones too, with ; between and CRLF after every line', () => {
    const text = csvBytes('bruger.csv', ['BrugerId', 'CPR', 'Navn', 'E-mail', 'Mobil', 'Stilling'], rows.bruger, 'utf-8').toString('utf8');
    expect(text).toBe('"BrugerId";"CPR";"Navn";"E-mail";"Mobil";"Stilling"\r\n' + '"b1";"0101801234";"Søren ""Sørensen""; Æbelø";"";"12345678";"Pædagog"\r\n');
  });

  it('write a header row even for a file without rows, and leder.csv has its fifth column only when asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p2l-csv-'));
    await writeCsvFiles(dir, rows, { encoding: 'utf-8', managerFunctionUuidColumn: false });
    expect(await readFile(join(dir, 'engagement.csv'), 'utf8')).toBe(
      '"EngagementId";"BrugerId";"AfdelingsId";"AktivStatus";"StillingskodeId";"Primær";"Engagementstype";"StartdatoEngagement"\r\n',
    );
    expect(await readFile(join(dir, 'leder.csv'), 'utf8')).toBe('"BrugerId";"AfdelingsID";"AktivStatus";"Titel"\r\n"b1";"u1";"1";"Personaleledelse"\r\n');
    await writeCsvFiles(dir, rows, { encoding: 'utf-8', managerFunctionUuidColumn: true });
    expect(await readFile(join(dir, 'leder.csv'), 'utf8')).toBe(
      '"BrugerId";"AfdelingsID";"AktivStatus";"Titel";"OrganisationsfunktionsUUID"\r\n"b1";"u1";"1";"Personaleledelse";"m1"\r\n',
    );
  });

  it('are readable by their owner only (mode 0600), since they hold CPR numbers, and leave no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p2l-csv-'));
    await writeCsvFiles(dir, rows, { encoding: 'utf-8', managerFunctionUuidColumn: false });
    expect((await readdir(dir)).sort()).toEqual(['bruger.csv', 'engagement.csv', 'leder.csv', 'organisation.csv', 'stillingskode.csv']);
    for (const name of await readdir(dir)) expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
  });

  it('in windows-1252 hold æøå and € as single bytes', () => {
    const bytes = csvBytes('stillingskode.csv', ['Stillingskode'], [{ Stillingskode: 'Pædagog € ÆØÅ' }], 'windows-1252');
    expect([...bytes]).toEqual([
      ...Buffer.from('"Stillingskode"\r\n"P'),
      0xe6,
      ...Buffer.from('dagog '),
      0x80,
      0x20,
      0xc6,
      0xd8,
      0xc5,
      ...Buffer.from('"\r\n'),
    ]);
  });

  it('refuse a character windows-1252 cannot hold that reached them unreplaced (a safety net), naming the file, row and column, and touch no file', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'p2l-csv-'));
    const dir = join(parent, 'out');
    await writeCsvFiles(dir, rows, { encoding: 'windows-1252', managerFunctionUuidColumn: false });
    const previous = await readFile(join(dir, 'bruger.csv'), 'latin1');
    const polish = {
      ...rows,
      organisation: [...rows.organisation, { ...rows.organisation[0], AfdelingsID: 'u2', Afdelingsnavn: 'Łódź' } as Rows['organisation'][number]],
    };
    const error = await writeCsvFiles(dir, polish, { encoding: 'windows-1252', managerFunctionUuidColumn: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    expect((error as Error).message).toBe(
      'organisation.csv: row 2, column Afdelingsnavn holds U+0141, which windows-1252 cannot hold: set exporters.plan2learn.csv_encoding to "utf-8" or correct the value in MO',
    );
    expect((await readdir(dir)).sort()).toEqual(['bruger.csv', 'engagement.csv', 'leder.csv', 'organisation.csv', 'stillingskode.csv']);
    expect(await readFile(join(dir, 'bruger.csv'), 'latin1')).toBe(previous);
  });

  it('in windows-1252 hold each name as the export made it: a character it cannot hold as its base letter, else ?, one warning per object and column', async () => {
    const { rows: exported, warnings } = buildExport(
      snapshot({ units: [unit(1, 'Łódź', null)], persons: [person(1, 'Łukasz Ősz 😀')], engagements: [engagement(1, { person: 1, unit: 1 })] }),
      options({ csvEncoding: 'windows-1252' }),
      today,
    );
    const dir = await mkdtemp(join(tmpdir(), 'p2l-csv-'));
    await writeCsvFiles(dir, exported, { encoding: 'windows-1252', managerFunctionUuidColumn: false });
    expect((await readFile(join(dir, 'bruger.csv'))).toString('latin1')).toBe(
      '"BrugerId";"CPR";"Navn";"E-mail";"Mobil";"Stilling"\r\n' + `"${uuid('2', 1)}";"0101800001";"Lukasz Osz ?";"";"";"Pædagog"\r\n`,
    );
    expect((await readFile(join(dir, 'organisation.csv'))).toString('latin1')).toBe(
      '"AfdelingsID";"Afdelingsnavn";"Parentid";"Gade";"Postnr";"By"\r\n' + `"${uuid('1', 1)}";"Lódz";"";"";"";""\r\n`,
    );
    expect(warnings).toEqual([
      { kind: 'unencodable-character-replaced', subject: `${uuid('2', 1)} Navn` },
      { kind: 'unencodable-character-replaced', subject: `${uuid('1', 1)} Afdelingsnavn` },
    ]);
  });

  it('are written in blocks of rows that join into the same lines, and name a bad row by its place in the whole file', () => {
    const many = Array.from({ length: 4321 }, (_, i) => ({ Stillingskode: `Kode ${i + 1}` }));
    const text = csvBytes('stillingskode.csv', ['Stillingskode'], many, 'windows-1252').toString('latin1');
    expect(text).toBe('"Stillingskode"\r\n' + many.map((row) => `"${row.Stillingskode}"\r\n`).join(''));
    many[3456] = { Stillingskode: 'Łódź' };
    expect(() => csvBytes('stillingskode.csv', ['Stillingskode'], many, 'windows-1252')).toThrow(
      'stillingskode.csv: row 3457, column Stillingskode holds U+0141',
    );
  });
});
