import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readlink, rename, rm, rmdir, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SettingsError } from '../util/errors.js';
import { explainFsError } from '../util/fs-errors.js';
import { interruptedBy, onInterrupt, RunInterrupted } from '../util/interrupt.js';
import { deltaFileName } from '../delivery/delta.js';
import { makeFolder, removeAbandonedTemporaries } from '../util/files.js';

export interface OutputFile {
  name: string;
  /** The file's bytes in blocks, made as the file is written, so only a block is held at a time. */
  blocks: () => Iterable<Buffer>;
}

/**
 * Publishes a whole set of files at `out` in one step. The files are written
 * into a new folder beside `out` (`.<name>.sets/<stamp>`), and `out` is a
 * symbolic link that is then switched to it with one rename, which the
 * system does atomically: a reader of `out` sees the previous set or the new
 * one, never a mix, and a run that fails before the switch leaves the
 * previous set untouched. The set before the previous one is removed.
 *
 * p2l never moves or deletes what it did not make: `out` must be absent,
 * an empty folder (removed and replaced by the link), or p2l's own link
 * into the sets folder; anything else is refused (see checkOutput). Only
 * sets p2l made are removed (see removeOldSets).
 */
export async function publishFileSet(out: string, files: readonly OutputFile[], now: Date = new Date()): Promise<void> {
  const sets = setsFolderOf(out);
  const found = await checkOutput(out);
  await mkdir(sets, { recursive: true, mode: 0o700 });
  if (found === 'empty folder') await takeEmptyFolder(out);
  await removeStrayLinks(out);
  const previous = await targetOf(out);
  const set = join(sets, `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`);
  // SIGTERM or SIGINT while the set is written stops the writing and waits for the set to be removed
  // (src/util/interrupt.ts), so the writing can neither refill nor switch in a set being removed.
  const stop = new AbortController();
  const written = writeSet(set, files, stop.signal);
  const forget = onInterrupt(() => {
    stop.abort(new RunInterrupted('stopped while writing the files'));
    return written.catch(() => undefined);
  });
  try {
    await written;
  } finally {
    forget();
  }
  const signal = interruptedBy();
  if (signal) {
    await removeSet(set);
    throw new RunInterrupted(`stopped by ${signal}`);
  }
  try {
    await switchLink(out, set);
  } catch (error) {
    await removeSet(set);
    throw error;
  }
  await removeOldSets(sets, [set, previous]);
  // A delta.json a killed `--ship` was writing into the previous set.
  if (previous !== undefined) await removeAbandonedTemporaries(previous, deltaFileName);
}

/** Writes the marker, then the set's files; stops at `signal`; a set not written whole is removed before the error is thrown. */
async function writeSet(set: string, files: readonly OutputFile[], signal: AbortSignal): Promise<void> {
  try {
    // The marker first, so even a set left by a run that died is known as p2l's own.
    await writeFile(markerOf(set), 'made by p2l\n', { mode: 0o600, flag: 'wx' });
    await mkdir(set, { mode: 0o700 });
    for (const file of files) {
      signal.throwIfAborted();
      await writeFile(join(set, file.name), file.blocks(), { mode: 0o600, flag: 'wx', signal });
    }
  } catch (error) {
    await removeSet(set);
    throw error;
  }
}

async function removeSet(set: string): Promise<void> {
  await rm(set, { recursive: true, force: true });
  await rm(markerOf(set), { force: true });
}

/** `.out.sets` beside `out`. */
export function setsFolderOf(out: string): string {
  return join(dirname(out), `.${basename(out)}.sets`);
}

/**
 * Marks a set as p2l's own: `<set>.p2l-set` beside it in the sets folder,
 * not inside it, so `out` holds exactly the files and nothing else.
 */
export function markerOf(set: string): string {
  return `${set}${markerSuffix}`;
}

const markerSuffix = '.p2l-set';

/** The name older p2l versions (without the marker) gave each set: `2026-11-26T02-00-00-000Z-a1b2c3`. */
const legacySetName = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f]{6}$/;

export type OutputState = 'absent' | 'empty folder' | 'p2l link';

/**
 * What is at `out`, refusing (exit 2) anything p2l did not make and must
 * therefore not move or delete: a folder with something in it, a file, a
 * link that does not point into the sets folder. Changes nothing.
 */
export async function checkOutput(out: string): Promise<OutputState> {
  const stats = await lstat(out).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  });
  if (!stats) return 'absent';
  const fix = 'p2l moves or deletes only what it made; choose a new or empty folder for --out';
  if (stats.isSymbolicLink()) {
    const target = resolve(dirname(out), await readlink(out));
    if (dirname(target) === setsFolderOf(out)) return 'p2l link';
    throw new SettingsError(`--out ${out} is a link to ${target}, which p2l did not make: ${fix}`);
  }
  if (!stats.isDirectory()) throw new SettingsError(`--out ${out} is a file, not a folder: ${fix}`);
  if ((await readdir(out)).length > 0) throw new SettingsError(`--out ${out} is a folder p2l did not make, and it is not empty: ${fix}`);
  return 'empty folder';
}

/**
 * Before anything is fetched: makes a missing parent of `out` (mode 0700)
 * and refuses an `out` p2l may not take (see checkOutput). File-system
 * errors come back as one line naming the path and what to do, exit 2.
 */
export async function prepareOutput(out: string): Promise<OutputState> {
  try {
    await makeFolder(dirname(out));
    return await checkOutput(out);
  } catch (error) {
    throw explainFsError(error, out, true);
  }
}

/** rmdir removes only an empty folder: one filled since checkOutput looked is refused, not lost. */
async function takeEmptyFolder(out: string): Promise<void> {
  await rmdir(out).catch(async (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') await checkOutput(out);
    throw error;
  });
}

/** The link stores a path relative to its own folder, so the pair can be moved together. */
function relativeTarget(set: string): string {
  return join(basename(dirname(set)), basename(set));
}

/** `.out.link-`: what the temporary link switchLink renames over `out` is named, before 8 hex digits. */
const temporaryLinkPrefix = (out: string) => `.${basename(out)}.link-`;

/**
 * Removes the temporary links a run killed between making one and renaming
 * it over `out` left beside `out`: only symbolic links of exactly that name,
 * and only under the lock, so never another run's.
 */
async function removeStrayLinks(out: string): Promise<void> {
  const prefix = temporaryLinkPrefix(out);
  for (const name of await readdir(dirname(out))) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]{8}$/.test(name.slice(prefix.length))) continue;
    const path = join(dirname(out), name);
    if ((await lstat(path)).isSymbolicLink()) await rm(path, { force: true });
  }
}

async function switchLink(out: string, set: string): Promise<void> {
  const temporaryLink = join(dirname(out), `${temporaryLinkPrefix(out)}${randomBytes(4).toString('hex')}`);
  await symlink(relativeTarget(set), temporaryLink);
  try {
    await rename(temporaryLink, out);
  } catch (error) {
    await rm(temporaryLink, { force: true });
    throw error;
  }
}

async function targetOf(out: string): Promise<string | undefined> {
  const target = await readlink(out).catch(() => undefined);
  return target === undefined ? undefined : join(dirname(out), target);
}

/**
 * Keeps the current and the previous set (a reader may still be in it);
 * removes the other sets p2l made, leftovers of runs that died included.
 * p2l's own: a set with its marker, or a folder named as older p2l versions
 * (before the marker) named their sets, inside the sets folder p2l made.
 * Anything else there is left alone: `adopted-*` folders (a plain --out
 * moved in by older versions, so files p2l did not make) and whatever
 * someone put there by hand.
 */
async function removeOldSets(sets: string, keep: readonly (string | undefined)[]): Promise<void> {
  const kept = new Set(keep.filter((path): path is string => path !== undefined));
  const names = await readdir(sets);
  const present = new Set(names);
  for (const name of names) {
    const path = join(sets, name);
    if (name.endsWith(markerSuffix)) {
      // A marker whose set is gone (a run that died or was interrupted in between); one with its set is handled with it.
      if (!present.has(name.slice(0, -markerSuffix.length))) await rm(path, { force: true });
      continue;
    }
    if (kept.has(path)) continue;
    const marked = present.has(`${name}${markerSuffix}`);
    const legacy = !marked && legacySetName.test(name) && (await lstat(path)).isDirectory();
    if (!marked && !legacy) continue;
    await rm(path, { recursive: true, force: true });
    if (marked) await rm(markerOf(path), { force: true });
  }
}
