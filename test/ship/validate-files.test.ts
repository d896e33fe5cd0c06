import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CsvEncoding } from '../../src/csv/encoding.js';
import { shipDirectory } from '../../src/ship/ship-directory.js';
import { CsvFormatError, parseStrictCsv } from '../../src/ship/strict-csv.js';
import { validateFiles } from '../../src/ship/validate-files.js';
import { P2lError } from '../../src/util/errors.js';
import { deliveryWorld } from '../support/delivery-world.js';
import { fileNames, quickTuning, sampleIds, settingsWith, type SampleFileOptions } from './fixtures.js';
import type { FtpsServer } from './servers/ftps-server.js';

const world = deliveryWorld();
let server: FtpsServer;

beforeAll(async () => {
  ({ server } = await world.ftpes('secret'));
});

async function edit(directory: string, name: string, change: (text: string) => string, encoding: BufferEncoding = 'utf8'): Promise<void> {
  const path = join(directory, name);
  await writeFile(path, Buffer.from(change((await readFile(path)).toString(encoding)), encoding));
}

interface Case {
  title: string;
  /** Changes the sample files after they are written. */
  change?: (directory: string) => Promise<void>;
  written?: SampleFileOptions;
  setting?: CsvEncoding;
  allowEmpty?: boolean;
  message: string | RegExp;
}

const failing: Case[] = [
  {
    title: 'a header with a wrong column name',
    change: (dir) => edit(dir, 'bruger.csv', (text) => text.replace('"Navn"', '"Name"')),
    message: 'bruger.csv line 1: the header is BrugerId;CPR;Name;E-mail;Mobil;Stilling, not BrugerId;CPR;Navn;E-mail;Mobil;Stilling',
  },
  {
    title: 'a header with a column too few',
    change: (dir) => edit(dir, 'stillingskode.csv', (text) => text.replace(';"Stillingskode#"', '')),
    message: /^stillingskode\.csv line 1: the header is StillingskodeID;AktivStatus;Stillingskode, not /,
  },
  {
    title: 'a field without quotes',
    change: (dir) => edit(dir, 'organisation.csv', (text) => text.replace('"8800"', '8800')),
    message: 'organisation.csv line 2: field 5 does not start with a quote',
  },
  {
    title: 'a missing closing quote',
    change: (dir) => edit(dir, 'engagement.csv', (text) => text.replace('"Timeløn"', '"Timeløn')),
    message: /^engagement\.csv line 3: field 7 is followed by "2"/,
  },
  {
    title: 'LF line ends',
    change: (dir) => edit(dir, 'leder.csv', (text) => text.replaceAll('\r\n', '\n')),
    message: 'leder.csv line 1: the line ends with LF, not CRLF',
  },
  {
    title: 'no line end after the last row',
    change: (dir) => edit(dir, 'leder.csv', (text) => text.replace(/\r\n$/, '')),
    message: 'leder.csv line 2: the last line does not end with CRLF',
  },
  {
    title: 'a comma as delimiter',
    change: (dir) => edit(dir, 'stillingskode.csv', (text) => text.replaceAll('";"', '","')),
    message: /^stillingskode\.csv line 1: field 1 is followed by ",", not by ; or CRLF/,
  },
  {
    title: 'a row with a field too many',
    change: (dir) => edit(dir, 'bruger.csv', (text) => text.replace('"Pædagog"\r\n', '"Pædagog";""\r\n')),
    message: 'bruger.csv line 3: 7 fields where the header has 6',
  },
  {
    title: 'a BrugerId in engagement.csv that bruger.csv lacks',
    change: (dir) => edit(dir, 'engagement.csv', (text) => text.replace(`"${sampleIds.bo}"`, '"99999999-1b1f-4a53-9d1e-5b7f1c0c0002"')),
    message: 'engagement.csv line 3: BrugerId 99999999-1b1f-4a53-9d1e-5b7f1c0c0002 matches no BrugerId in bruger.csv',
  },
  {
    title: 'a BrugerId in leder.csv that bruger.csv lacks',
    change: (dir) => edit(dir, 'leder.csv', (text) => text.replace(`"${sampleIds.anna}"`, '"99999999-1b1f-4a53-9d1e-5b7f1c0c0001"')),
    message: 'leder.csv line 2: BrugerId 99999999-1b1f-4a53-9d1e-5b7f1c0c0001 matches no BrugerId in bruger.csv',
  },
  {
    title: 'a Parentid that is no unit',
    change: (dir) => edit(dir, 'organisation.csv', (text) => text.replace('"Viborg Kommune";""', '"Viborg Kommune";"0101801234"')),
    message: 'organisation.csv line 2: Parentid (not a UUID) matches no AfdelingsID in organisation.csv',
  },
  {
    title: 'a StillingskodeId that stillingskode.csv lacks',
    change: (dir) =>
      edit(dir, 'stillingskode.csv', (text) =>
        text
          .split('\r\n')
          .filter((line) => !line.startsWith(`"${sampleIds.teacher}"`))
          .join('\r\n'),
      ),
    message: `engagement.csv line 2: StillingskodeId ${sampleIds.teacher} matches no StillingskodeID in stillingskode.csv`,
  },
  {
    title: 'a missing file',
    change: (dir) => rm(join(dir, 'organisation.csv')),
    message: /^organisation\.csv: missing from \/.+$/,
  },
  {
    title: 'an empty bruger.csv without --allow-empty',
    written: { persons: false },
    message: 'bruger.csv: no rows, only the header: pass --allow-empty to ship files without persons anyway',
  },
  {
    title: 'windows-1252 files when the setting says utf-8',
    written: { encoding: 'windows-1252' },
    message: 'bruger.csv line 2: not valid UTF-8 (if the files are windows-1252, set exporters.plan2learn.csv_encoding to "windows-1252")',
  },
  {
    title: 'utf-8 files when the setting says windows-1252',
    setting: 'windows-1252',
    message: 'bruger.csv line 2: UTF-8 encoded, but exporters.plan2learn.csv_encoding is "windows-1252"',
  },
  {
    title: 'a byte windows-1252 does not define',
    written: { encoding: 'windows-1252' },
    setting: 'windows-1252',
    change: (dir) => edit(dir, 'organisation.csv', (text) => text.replace('Viborg Kommune', 'Viborg\x81Kommune'), 'latin1'),
    message: 'organisation.csv line 2: byte 0x81, which is no windows-1252 character',
  },
  {
    title: 'a byte order mark',
    change: (dir) => edit(dir, 'leder.csv', (text) => `\ufeff${text}`),
    message: 'leder.csv line 1: a byte order mark, which the contract does not allow',
  },
];

function settingsFor(encoding: CsvEncoding) {
  return settingsWith({
    'exporters.plan2learn.host': server.host,
    'exporters.plan2learn.port': server.port,
    'exporters.plan2learn.user': 'viborg',
    'exporters.plan2learn.password': 'secret',
    'exporters.plan2learn.csv_encoding': encoding,
  });
}

describe('checking the files before shipping', () => {
  it.each(failing)('refuses $title in one line and ships nothing', async ({ change, written, setting, allowEmpty, message }) => {
    const directory = await world.sampleFolder(written);
    await change?.(directory);
    const connectionsBefore = server.commands.length;
    const flags = { dryRun: false, allowEmpty: allowEmpty ?? false, insecureSkipTlsVerify: false };
    const error = await shipDirectory(settingsFor(setting ?? 'utf-8'), directory, flags, () => undefined, quickTuning).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(P2lError);
    const { message: text, exitCode } = error as P2lError;
    expect(exitCode).toBe(1);
    expect(text).not.toContain('\n');
    if (typeof message === 'string') expect(text).toBe(`nothing shipped: ${message}`);
    else expect(text.replace(/^nothing shipped: /, '')).toMatch(message);
    expect(text).not.toContain('0101801234');
    expect(server.commands.length).toBe(connectionsBefore);
  });

  it('accepts the files as the exporter writes them, in either encoding, with or without the RSD column', async () => {
    for (const written of [{}, { encoding: 'windows-1252' as const }, { managerFunctionUuidColumn: true }]) {
      const directory = await world.sampleFolder(written);
      const files = await validateFiles(directory, { encoding: written.encoding ?? 'utf-8', allowEmpty: false });
      expect(files.map((file) => file.name)).toEqual(fileNames);
    }
  });

  it('accepts files without persons with --allow-empty', async () => {
    const directory = await world.sampleFolder({ persons: false });
    const files = await validateFiles(directory, { encoding: 'utf-8', allowEmpty: true });
    expect(files.map((file) => file.name)).toEqual(fileNames);
  });
});

describe('the strict CSV parser', () => {
  it('reads quoted fields with doubled quotes, semicolons and line breaks inside', () => {
    expect(parseStrictCsv('"a";"b ""c"";d"\r\n"x\r\ny";""\r\n"z";"!"\r\n')).toEqual([
      { line: 1, fields: ['a', 'b "c";d'] },
      { line: 2, fields: ['x\r\ny', ''] },
      { line: 4, fields: ['z', '!'] },
    ]);
  });

  it.each([
    ['"a";b\r\n', 1, 'field 2 does not start with a quote'],
    ['"a";"b\r\n', 1, 'field 2 has no closing quote'],
    ['"a"\r\n"b"\n', 2, 'the line ends with LF, not CRLF'],
    ['"a"\r"b"\r\n', 1, 'the line ends with CR, not CRLF'],
    ['"a"', 1, 'the last line does not end with CRLF'],
    ['"a";\r\n', 1, 'field 2 does not start with a quote'],
  ])('refuses %j at line %i: %s', (text, line, message) => {
    const parse = () => parseStrictCsv(text);
    expect(parse).toThrow(CsvFormatError);
    expect(parse).toThrow(expect.objectContaining({ line, message }));
  });
});
