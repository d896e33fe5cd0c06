import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
 * An `out` that is still a plain folder (from before this layout, or made
 * by hand) is moved into the sets folder first and linked the same way.
 */
export async function publishFileSet(out: string, files: readonly OutputFile[], now: Date = new Date()): Promise<void> {
  const sets = setsFolderOf(out);
  await mkdir(sets, { recursive: true, mode: 0o700 });
  await adoptPlainFolder(out, sets);
  const previous = await targetOf(out);
  const set = join(sets, `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`);
  try {
    await mkdir(set, { mode: 0o700 });
    for (const file of files) await writeFile(join(set, file.name), file.blocks(), { mode: 0o600, flag: 'wx' });
    await switchLink(out, set);
  } catch (error) {
    await rm(set, { recursive: true, force: true });
    throw error;
  }
  await removeOldSets(sets, [set, previous]);
}

/** `.out.sets` beside `out`. */
export function setsFolderOf(out: string): string {
  return join(dirname(out), `.${basename(out)}.sets`);
}

async function adoptPlainFolder(out: string, sets: string): Promise<void> {
  const stats = await lstat(out).catch(() => null);
  if (!stats || stats.isSymbolicLink()) return;
  if (!stats.isDirectory()) throw new Error(`${out} exists and is not a folder`);
  const adopted = join(sets, `adopted-${randomBytes(3).toString('hex')}`);
  await rename(out, adopted);
  await symlink(relativeTarget(adopted), out);
}

/** The link stores a path relative to its own folder, so the pair can be moved together. */
function relativeTarget(set: string): string {
  return join(basename(dirname(set)), basename(set));
}

async function switchLink(out: string, set: string): Promise<void> {
  const temporaryLink = join(dirname(out), `.${basename(out)}.link-${randomBytes(4).toString('hex')}`);
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

/** Keeps the current and the previous set (a reader may still be in it); removes the rest, leftovers of runs that died included. */
async function removeOldSets(sets: string, keep: readonly (string | undefined)[]): Promise<void> {
  const kept = new Set(keep.filter((path): path is string => path !== undefined));
  for (const name of await readdir(sets)) {
    const path = join(sets, name);
    if (!kept.has(path)) await rm(path, { recursive: true, force: true });
  }
}
