import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CsvEncoding } from '../../src/csv/encoding.js';
import { writeCsvFiles } from '../../src/csv/files.js';
import type { Rows } from '../../src/export/columns.js';
import { resolveSettings } from '../../src/settings/load.js';
import type { Settings } from '../../src/settings/table.js';
import type { ShipFlags, ShipTuning } from '../../src/ship/ship-directory.js';
import { P2lError } from '../../src/util/errors.js';

export const fileNames = ['bruger.csv', 'leder.csv', 'engagement.csv', 'organisation.csv', 'stillingskode.csv'];

/** The flags of a plain `p2l ship`: no dry run, no empty files, the TLS certificate verified. */
export const shipFlags: ShipFlags = { dryRun: false, allowEmpty: false, insecureSkipTlsVerify: false };

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

export interface SampleFileOptions {
  encoding?: CsvEncoding;
  managerFunctionUuidColumn?: boolean;
  persons?: boolean;
}

export async function writeSampleFiles(directory: string, options: SampleFileOptions = {}): Promise<void> {
  await writeCsvFiles(directory, sampleRows(options.persons ?? true), {
    encoding: options.encoding ?? 'utf-8',
    managerFunctionUuidColumn: options.managerFunctionUuidColumn ?? false,
  });
}

/** A deployment's settings.json for shipping (MO is never asked), plus the shipping keys given. */
export function deploymentSettings(shipping: Record<string, unknown>): Record<string, unknown> {
  return {
    'mora.base': 'http://127.0.0.1:9',
    'crontab.CLIENT_SECRET': 'mo-client-secret',
    'exporters.plan2learn.root_unit': ids.root,
    'exporters.plan2learn.allowed_engagement_types': ['4e2f6c0e-1b1f-4a53-9d1e-5b7f1c0c0001'],
    ...shipping,
  };
}

/** Settings as a deployment's settings.json would give them, plus the shipping keys given. */
export function settingsWith(shipping: Record<string, unknown>): Settings {
  return resolveSettings(deploymentSettings(shipping), {}, 'the test settings');
}

/** The P2lError `run` fails with; the test fails when it succeeds or fails otherwise. */
export async function failureOf(run: Promise<unknown>): Promise<P2lError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(P2lError);
  return error as P2lError;
}

export type TemporaryFolders = ReturnType<typeof temporaryFolders>;

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

/** After a delivery: the five files and nothing else in `remote`, each equal to its local one byte for byte. */
export async function expectDelivered(remote: string, local: string): Promise<void> {
  expect(await remoteState(remote, local)).toEqual({ names: [...fileNames].sort(), identical: true });
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
async function inboxWithLeftovers(root: string): Promise<string> {
  const inbox = join(root, 'inbox');
  await mkdir(inbox);
  for (const name of [...leftovers, ...lookAlikes]) await writeFile(join(inbox, name), `CPR 0101801234 in ${name}\r\n`);
  await mkdir(join(inbox, leftoverNamedFolder));
  await writeFile(join(inbox, leftoverNamedFolder, 'inside.csv'), 'kept');
  await writeFile(join(root, outsideLeftover), 'outside remote_dir');
  return inbox;
}

/** After a delivery into the inbox: the five files shipped, and only the leftovers gone, in the inbox and nowhere else. */
async function expectOnlyLeftoversRemoved(root: string, inbox: string, local: string): Promise<void> {
  expect((await readdir(inbox)).sort()).toEqual([...fileNames, ...lookAlikes, leftoverNamedFolder].sort());
  expect(await remoteState(inbox, local)).toMatchObject({ identical: true });
  for (const name of lookAlikes) expect(await readFile(join(inbox, name), 'utf8')).toBe(`CPR 0101801234 in ${name}\r\n`);
  expect(await readdir(join(inbox, leftoverNamedFolder))).toEqual(['inside.csv']);
  expect((await readdir(root)).sort()).toEqual([outsideLeftover, 'inbox']);
}

/**
 * `ship` delivers `local` into remote_dir `inbox` under `root`, which holds
 * what an interrupted delivery left among look-alikes: only the leftovers
 * are removed, the log says so and names no CPR number.
 */
export async function shipOverLeftovers(root: string, local: string, ship: (log: (line: string) => void) => Promise<unknown>): Promise<void> {
  const inbox = await inboxWithLeftovers(root);
  const { lines, log } = collectingLog();
  await ship(log);
  await expectOnlyLeftoversRemoved(root, inbox, local);
  expect(lines).toContain('removed 2 temporary files an interrupted delivery left in inbox');
  expect(lines.join('\n')).not.toContain('0101801234');
}
