import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CsvEncoding } from '../../src/csv/encoding.js';
import { writeCsvFiles } from '../../src/csv/files.js';
import type { Rows } from '../../src/export/columns.js';
import { resolveSettings } from '../../src/settings/load.js';
import type { Settings } from '../../src/settings/table.js';
import type { ShipTuning } from '../../src/ship/ship-directory.js';

export const fileNames = ['bruger.csv', 'leder.csv', 'engagement.csv', 'organisation.csv', 'stillingskode.csv'];

/** Short waits so a test with retries takes milliseconds. */
export const quickTuning: ShipTuning = { tries: 4, firstRetryDelayMs: 10, timeoutMs: 5_000 };

const ids = {
  anna: '0a2f6c0e-1b1f-4a53-9d1e-5b7f1c0c0001',
  bo: '0a2f6c0e-1b1f-4a53-9d1e-5b7f1c0c0002',
  root: '1b2f6c0e-1b1f-4a53-9d1e-5b7f1c0c0001',
  school: '1b2f6c0e-1b1f-4a53-9d1e-5b7f1c0c0002',
  teacher: '2c2f6c0e-1b1f-4a53-9d1e-5b7f1c0c0001',
  educator: '2c2f6c0e-1b1f-4a53-9d1e-5b7f1c0c0002',
};

/** A small organisation that satisfies the contract, with Danish letters and a quote to escape. */
export function sampleRows(persons = true): Rows {
  return {
    bruger: persons
      ? [
          { BrugerId: ids.anna, CPR: '0101801234', Navn: 'Anna Søndergaard', 'E-mail': 'anna@viborg.dk', Mobil: '', Stilling: 'Lærer' },
          { BrugerId: ids.bo, CPR: '0202812345', Navn: 'Bo "Bosse" Æbelø', 'E-mail': '', Mobil: '12345678', Stilling: 'Pædagog' },
        ]
      : [],
    organisation: [
      { AfdelingsID: ids.root, Afdelingsnavn: 'Viborg Kommune', Parentid: '', Gade: 'Prinsens Allé 5', Postnr: '8800', By: 'Viborg' },
      { AfdelingsID: ids.school, Afdelingsnavn: 'Søndermarksskolen', Parentid: ids.root, Gade: '', Postnr: '', By: '' },
    ],
    engagement: persons
      ? [
          {
            EngagementId: '3d2f6c0e-1b1f-4a53-9d1e-5b7f1c0c0001',
            BrugerId: ids.anna,
            AfdelingsId: ids.school,
            AktivStatus: '1',
            StillingskodeId: ids.teacher,
            Primær: '1',
            Engagementstype: 'Månedsløn',
            StartdatoEngagement: '',
          },
          {
            EngagementId: '3d2f6c0e-1b1f-4a53-9d1e-5b7f1c0c0002',
            BrugerId: ids.bo,
            AfdelingsId: ids.root,
            AktivStatus: '0',
            StillingskodeId: ids.educator,
            Primær: '0',
            Engagementstype: 'Timeløn',
            StartdatoEngagement: '2030-01-01',
          },
        ]
      : [],
    stillingskode: persons
      ? [
          { StillingskodeID: ids.teacher, AktivStatus: '1', Stillingskode: 'Lærer', 'Stillingskode#': ids.teacher },
          { StillingskodeID: ids.educator, AktivStatus: '1', Stillingskode: 'Pædagog', 'Stillingskode#': ids.educator },
        ]
      : [],
    leder: persons ? [{ BrugerId: ids.anna, AfdelingsID: ids.school, AktivStatus: '1', Titel: 'Personaleledelse', OrganisationsfunktionsUUID: ids.root }] : [],
  };
}

export const sampleIds = ids;

export async function writeSampleFiles(
  directory: string,
  options: { encoding?: CsvEncoding; managerFunctionUuidColumn?: boolean; persons?: boolean } = {},
): Promise<void> {
  await writeCsvFiles(directory, sampleRows(options.persons ?? true), {
    encoding: options.encoding ?? 'utf-8',
    managerFunctionUuidColumn: options.managerFunctionUuidColumn ?? false,
  });
}

/** Settings as a deployment's settings.json would give them, plus the shipping keys given. */
export function settingsWith(shipping: Record<string, unknown>): Settings {
  return resolveSettings(
    {
      'mora.base': 'http://127.0.0.1:9',
      'crontab.CLIENT_SECRET': 'mo-client-secret',
      'exporters.plan2learn.root_unit': ids.root,
      'exporters.plan2learn.allowed_engagement_types': ['4e2f6c0e-1b1f-4a53-9d1e-5b7f1c0c0001'],
      ...shipping,
    },
    {},
    'the test settings',
  );
}

/** Temporary folders removed by `removeAll` (call it in afterAll). */
export function temporaryFolders() {
  const made: string[] = [];
  return {
    async make(prefix: string): Promise<string> {
      const folder = await mkdtemp(join(tmpdir(), `p2l-ship-${prefix}-`));
      made.push(folder);
      return folder;
    },
    async removeAll(): Promise<void> {
      await Promise.all(made.map((folder) => rm(folder, { recursive: true, force: true })));
    },
  };
}

/** A log that keeps its lines. */
export function collectingLog(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}

/** The names in a folder, and whether each final file equals its local one byte for byte. */
export async function remoteState(remote: string, local: string): Promise<{ names: string[]; identical: boolean }> {
  const names = (await readdir(remote)).sort();
  const same = await Promise.all(
    fileNames.map(async (name) => {
      const [a, b] = await Promise.all([readFile(join(remote, name)).catch(() => undefined), readFile(join(local, name))]);
      return a !== undefined && a.equals(b);
    }),
  );
  return { names, identical: same.every(Boolean) };
}

/** Temporary files a delivery killed mid-way would leave: the next delivery removes them. */
export const leftovers = ['.bruger.csv.0123abcd.part', '.leder.csv.ffffffff.part'];

/** Names close to a leftover that p2l did not make: a delivery must never touch them. */
export const lookAlikes = [
  '.bruger.csv.0123abcd.part.bak',
  '.other.csv.0123abcd.part',
  '.bruger.csv.0123ABCD.part',
  '.bruger.csv.0123abc.part',
  'bruger.csv.0123abcd.part',
];

/** A folder named like a leftover (with a file in it): not a file p2l made either. */
export const leftoverNamedFolder = '.engagement.csv.deadbeef.part';

/** A leftover-like file outside remote_dir, which a delivery into remote_dir must leave alone. */
const outsideLeftover = '.organisation.csv.00000000.part';

/**
 * `root/inbox` (remote_dir `inbox`) holding the leftovers, the look-alikes
 * and the folder, each with a line of its own, and a leftover-like file
 * beside it in `root`. Answers the inbox's path.
 */
export async function inboxWithLeftovers(root: string): Promise<string> {
  const inbox = join(root, 'inbox');
  await mkdir(inbox);
  for (const name of [...leftovers, ...lookAlikes]) await writeFile(join(inbox, name), `CPR 0101801234 in ${name}\r\n`);
  await mkdir(join(inbox, leftoverNamedFolder));
  await writeFile(join(inbox, leftoverNamedFolder, 'inside.csv'), 'kept');
  await writeFile(join(root, outsideLeftover), 'outside remote_dir');
  return inbox;
}

/** After a delivery into the inbox: the five files shipped, and only the leftovers gone, in the inbox and nowhere else. */
export async function expectOnlyLeftoversRemoved(root: string, inbox: string, local: string): Promise<void> {
  expect((await readdir(inbox)).sort()).toEqual([...fileNames, ...lookAlikes, leftoverNamedFolder].sort());
  expect(await remoteState(inbox, local)).toMatchObject({ identical: true });
  for (const name of lookAlikes) expect(await readFile(join(inbox, name), 'utf8')).toBe(`CPR 0101801234 in ${name}\r\n`);
  expect(await readdir(join(inbox, leftoverNamedFolder))).toEqual(['inside.csv']);
  expect((await readdir(root)).sort()).toEqual([outsideLeftover, 'inbox']);
}
