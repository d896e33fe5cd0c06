import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvEncodings, type CsvEncoding } from '../csv/encoding.js';
import { fileNames } from '../export/columns.js';
import { holderRuns, startOf, type Holder } from '../output/lock.js';
import { P2lError } from '../util/errors.js';
import { compareCodePoints } from '../util/order.js';
import { parsedManifest } from '../util/parsed-manifest.js';
import { readDeliverySet, type DeliverySet } from './read-files.js';

export const historyFormat = 'p2l-delivery/1';

/** Where a delivery went (never credentials) and what read MO for it. */
export interface DeliveryOrigin {
  /** `ftpes server ftp.example.dk:21` */
  server: string;
  /** The remote folder, or `the login folder`. */
  folder: string;
  /** `mo` or `lora`, when the delivery came straight from an export. */
  backend?: string;
}

export interface DeliveryManifest extends DeliveryOrigin {
  format: typeof historyFormat;
  /** ISO timestamp of when the delivery was complete. */
  deliveredAt: string;
  /** The encoding the files are in, to read them back right even if the setting changes. */
  encoding: CsvEncoding;
  /** Per file name (`bruger.csv`): rows, size and SHA-256 of the bytes shipped. */
  files: Record<string, { rows: number; bytes: number; sha256: string }>;
}

export interface HistoryEntry {
  /** `2026-11-26T02-00-00Z` */
  name: string;
  path: string;
  manifest: DeliveryManifest;
}

export interface LastDelivery {
  entry: HistoryEntry;
  set: DeliverySet;
}

const manifestName = 'manifest.json';

/**
 * An entry being written is a folder `.tmp-<pid>_<boot id>_<start ticks>-XXXXXX`
 * (`.tmp-<pid>-XXXXXX` where /proc cannot tell a process's start): it names
 * the process writing it, as the output lock does (src/output/lock.ts), so
 * one that a killed run left (it holds CPR numbers) is known for what it is
 * and removed, and one a live run is writing is not.
 */
function temporaryPrefixOf(holder: Holder): string {
  return `.tmp-${holder.pid}${holder.started ? `_${holder.started.replace('/', '_')}` : ''}-`;
}

const temporaryPattern = /^\.tmp-(\d+)(?:_([0-9a-f-]+)_(\d+))?-[A-Za-z0-9]{6}$/;
/** What versions before the holder was named called an entry being written. */
const formerTemporaryPattern = /^\.tmp-[A-Za-z0-9]{6}$/;
/** A former-style temporary folder this old is a dead run's: writing an entry takes seconds. */
const formerTemporaryAgeMs = 60 * 60 * 1000;

/** The process writing a temporary entry, or undefined for a name of another form. */
function writerOf(name: string): Holder | undefined {
  const match = temporaryPattern.exec(name);
  if (!match) return undefined;
  const [, pid, boot, ticks] = match;
  return { pid: Number(pid), started: boot && ticks ? `${boot}/${ticks}` : undefined };
}

/** Removes the entries being written by runs that no longer run (killed mid-way). */
async function removeAbandonedEntries(stateDir: string, now: Date): Promise<void> {
  for (const name of await readdir(stateDir).catch(() => [] as string[])) {
    const path = join(stateDir, name);
    if (await isAbandoned(name, path, now)) await rm(path, { recursive: true, force: true });
  }
}

/** Whether `name` is an entry being written by a run that no longer runs; of the former form, whether it is older than a write takes. */
async function isAbandoned(name: string, path: string, now: Date): Promise<boolean> {
  const writer = writerOf(name);
  if (writer) return !holderRuns(writer);
  if (!formerTemporaryPattern.test(name)) return false;
  const modified = await stat(path).then(
    (info) => info.mtimeMs,
    () => now.getTime(),
  );
  return now.getTime() - modified > formerTemporaryAgeMs;
}

/** An entry's name: its UTC second, with `-2`, `-3`, … when several fall in one second. */
const entryPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)(?:-(\d+))?$/;

/** `2026-11-26T02-00-00Z`: the UTC timestamp to the second, with no colons (a valid name everywhere). */
export function entryNameOf(date: Date): string {
  return `${date.toISOString().slice(0, 19).replaceAll(':', '-')}Z`;
}

/** The names of the deliveries kept, oldest first; anything else in the folder is left alone. */
export async function listHistory(stateDir: string): Promise<string[]> {
  const names = await readdir(stateDir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  return names.filter((name) => entryPattern.test(name)).sort(compareEntries);
}

function compareEntries(a: string, b: string): number {
  const [, aTime = '', aCount = '1'] = entryPattern.exec(a) ?? [];
  const [, bTime = '', bCount = '1'] = entryPattern.exec(b) ?? [];
  return compareCodePoints(aTime, bTime) || Number(aCount) - Number(bCount);
}

/**
 * The newest delivery kept, its five files read back and checked against
 * its manifest; null when none is kept. A damaged entry stops the run: the
 * guard must not compare against files that are not what was delivered.
 */
export async function lastDelivery(stateDir: string): Promise<LastDelivery | null> {
  const name = (await listHistory(stateDir)).at(-1);
  if (name === undefined) return null;
  const path = join(stateDir, name);
  const refuse = (problem: string) =>
    new P2lError(`the last delivery kept in ${path} ${problem}: remove that folder to compare against the delivery before it`);
  const manifest = parseManifest(await readFile(join(path, manifestName), 'utf8').catch(() => null), refuse);
  const set = await readDeliverySet(path, manifest.encoding).catch((error: unknown) => {
    throw refuse(`cannot be read (${(error as Error).message})`);
  });
  for (const file of fileNames) {
    const { name: fileName, bytes } = set[file];
    if (sha256(bytes) !== manifest.files[fileName]?.sha256) throw refuse(`holds a ${fileName} that fails its checksum`);
  }
  return { entry: { name, path, manifest }, set };
}

/**
 * Keeps a delivered set: its five files and manifest.json are written into a
 * temporary folder (0700, files 0600: they hold CPR numbers) that is then
 * renamed to the delivery's timestamp, so an entry is whole or absent. Then
 * the history is pruned to the newest `keep`. Entries a killed run was
 * writing are removed first (see removeAbandonedEntries).
 */
export async function recordDelivery(
  stateDir: string,
  set: DeliverySet,
  origin: DeliveryOrigin,
  encoding: CsvEncoding,
  keep: number,
  now: Date,
): Promise<HistoryEntry> {
  await ensureStateDir(stateDir);
  await removeAbandonedEntries(stateDir, now);
  const manifest = manifestOf(set, origin, encoding, now);
  const temporary = await mkdtemp(join(stateDir, temporaryPrefixOf({ pid: process.pid, started: startOf(process.pid) })));
  try {
    for (const file of fileNames) await writeFile(join(temporary, set[file].name), set[file].bytes, { mode: 0o600, flag: 'wx' });
    await writeFile(join(temporary, manifestName), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    const name = await renameToFreeName(temporary, stateDir, entryNameOf(now));
    await pruneHistory(stateDir, keep);
    return { name, path: join(stateDir, name), manifest };
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}

/** Creates the state folder (0700) if need be, so that a shipment never starts where its history cannot be kept. */
export async function ensureStateDir(stateDir: string): Promise<void> {
  try {
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new P2lError(`the delivery history folder ${stateDir} cannot be created (${code}): check exporters.plan2learn.state_dir`);
  }
}

/** Removes every delivery but the newest `keep`; returns the names removed. */
export async function pruneHistory(stateDir: string, keep: number): Promise<string[]> {
  const names = await listHistory(stateDir);
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const name of old) await rm(join(stateDir, name), { recursive: true, force: true });
  return old;
}

function manifestOf(set: DeliverySet, origin: DeliveryOrigin, encoding: CsvEncoding, now: Date): DeliveryManifest {
  const files = Object.fromEntries(
    fileNames.map((file) => {
      const { name, bytes, table } = set[file];
      return [name, { rows: table.rows.length, bytes: bytes.length, sha256: sha256(bytes) }];
    }),
  );
  return { format: historyFormat, deliveredAt: now.toISOString(), ...origin, encoding, files };
}

/** Renames the finished folder to `name`, or `name-2`, `name-3`, … when a delivery in the same second took it. */
async function renameToFreeName(from: string, stateDir: string, name: string): Promise<string> {
  for (let count = 1; ; count++) {
    const candidate = count === 1 ? name : `${name}-${count}`;
    try {
      await rename(from, join(stateDir, candidate));
      return candidate;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
  }
}

function parseManifest(text: string | null, refuse: (problem: string) => P2lError): DeliveryManifest {
  const manifest = parsedManifest<DeliveryManifest>(text, manifestName, historyFormat, refuse);
  const complete =
    typeof manifest.deliveredAt === 'string' &&
    typeof manifest.server === 'string' &&
    (csvEncodings as readonly unknown[]).includes(manifest.encoding) &&
    typeof manifest.files === 'object' &&
    manifest.files !== null;
  if (!complete) throw refuse(`has an incomplete ${manifestName}`);
  return manifest as DeliveryManifest;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
