import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { csvFileName } from '../../src/csv/files.js';
import { listHistory, type DeliveryManifest } from '../../src/delivery/history.js';
import { fileNames as tables } from '../../src/export/columns.js';
import { setsFolderOf } from '../../src/output/file-set.js';
import { isLeftoverName } from '../../src/ship/deliver.js';

export const fileNames = tables.map(csvFileName);

/** The bytes of the five files of one set, by name. */
export type FileSet = Record<string, Buffer>;

/** Which known set a group of five files is: its label, or `mixed` (files of several sets), `unknown` (bytes of none), `missing`. */
export function whichSet(files: Partial<FileSet>, known: ReadonlyMap<string, FileSet>): string {
  const per = fileNames.map((name) => {
    const bytes = files[name];
    if (bytes === undefined) return 'missing';
    const hits = [...known].filter(([, set]) => set[name]?.equals(bytes)).map(([label]) => label);
    return hits.length === 0 ? 'unknown' : hits.join('|');
  });
  if (per.includes('missing')) return 'missing';
  if (per.includes('unknown')) return 'unknown';
  // A file equal in several sets (say stillingskode.csv) fits any of them: the set is the one every file fits.
  const labels = [...known.keys()].filter((label) => per.every((fits) => fits.split('|').includes(label)));
  return labels.length === 1 ? (labels[0] as string) : labels.length > 1 ? labels.join('|') : 'mixed';
}

export async function readFiveFiles(folder: string): Promise<Partial<FileSet>> {
  const entries = await Promise.all(fileNames.map(async (name) => [name, await readFile(join(folder, name)).catch(() => undefined)] as const));
  return Object.fromEntries(entries.filter(([, bytes]) => bytes !== undefined)) as Partial<FileSet>;
}

/** The local side: where `out` points, what it holds, the sets folder, the lock, and stray temporary links beside `out`. */
export interface LocalState {
  target: string | undefined;
  files: Partial<FileSet>;
  /** Every name in the output folder (the five files and delta.json when shipped). */
  names: string[];
  sets: string[];
  lock: boolean;
  strayLinks: string[];
}

export async function localState(out: string): Promise<LocalState> {
  const target = await readlink(out).then(
    (link) => resolve(dirname(out), link),
    () => undefined,
  );
  const names = await readdir(out).catch(() => [] as string[]);
  const sets = await readdir(setsFolderOf(out)).catch(() => [] as string[]);
  const lock = await lstat(`${out}.lock`).then(
    () => true,
    () => false,
  );
  const strayLinks = (await readdir(dirname(out))).filter((name) => name.startsWith(`.${basename(out)}.link-`));
  return { target, files: await readFiveFiles(out), names: names.sort(), sets: sets.sort(), lock, strayLinks };
}

/** The remote folder, read on the server's disk: the final files and every other name in it. */
export interface RemoteState {
  files: Partial<FileSet>;
  leftovers: string[];
  others: string[];
}

export async function remoteState(folder: string): Promise<RemoteState> {
  const names = (await readdir(folder)).sort();
  const finals = new Set<string>(fileNames);
  return {
    files: await readFiveFiles(folder),
    leftovers: names.filter(isLeftoverName),
    others: names.filter((name) => !finals.has(name) && !isLeftoverName(name)),
  };
}

/** The delivery history: the entries kept (oldest first), the newest one's manifest and files, and anything else in the folder. */
export interface HistoryState {
  entries: string[];
  newest: { name: string; manifest: DeliveryManifest; files: Partial<FileSet> } | undefined;
  others: string[];
}

export async function historyState(stateDir: string): Promise<HistoryState> {
  const entries = await listHistory(stateDir);
  const all = await readdir(stateDir).catch(() => [] as string[]);
  const others = all.filter((name) => !entries.includes(name)).sort();
  const name = entries.at(-1);
  if (name === undefined) return { entries, newest: undefined, others };
  const manifest = JSON.parse(await readFile(join(stateDir, name, 'manifest.json'), 'utf8')) as DeliveryManifest;
  return { entries, newest: { name, manifest, files: await readFiveFiles(join(stateDir, name)) }, others };
}
