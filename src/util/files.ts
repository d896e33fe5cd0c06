import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes a file whole or not at all: to a temporary name beside it, then
 * renamed over the final name. Mode 0600 unless `mode` says otherwise: what
 * p2l writes holds CPR numbers. `sync` flushes the file to disk before the
 * rename. Contents given as chunks are written as they come, so a large file
 * is never in memory at once.
 */
export async function writeFileAtomically(
  directory: string,
  name: string,
  contents: Buffer | Iterable<Uint8Array>,
  { mode = 0o600, sync = false }: { mode?: number; sync?: boolean } = {},
): Promise<void> {
  const temporary = join(directory, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await writeFile(handle, contents);
      if (sync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, join(directory, name));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Makes `path` and its missing parents (mode 0700). mkdir says EEXIST when
 * the path or a parent is a file: what is wrong then is that it is not a
 * folder, so that is the error (ENOTDIR) the caller explains.
 */
export async function makeFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR', syscall: 'mkdir', path });
  });
}

/** Whether `name` is a temporary name writeFileAtomically gives (`.<final name>.<12 hex digits>.tmp`), of `finalName` when given. */
export function isAtomicTemporaryName(name: string, finalName?: string): boolean {
  const match = /^\.(.+)\.[0-9a-f]{12}\.tmp$/.exec(name);
  return match !== null && (finalName === undefined || match[1] === finalName);
}

/**
 * Removes the temporary files of `finalName` that a killed writeFileAtomically
 * left in `directory`: only names of exactly that form, and only by a caller
 * holding the folder's lock, so never another run's file in progress.
 */
export async function removeAbandonedTemporaries(directory: string, finalName: string): Promise<void> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const abandoned = names.filter((name) => isAtomicTemporaryName(name, finalName));
  await Promise.all(abandoned.map((name) => rm(join(directory, name), { force: true })));
}

/** A chunk of a file as read, and the lines it completes (without their `\n`). */
export interface LinesChunk {
  bytes: Buffer;
  lines: string[];
}

const readChunkBytes = 1 << 20;

/**
 * An open file read in chunks of 1 MiB, each with the lines it completes;
 * a last line without `\n` comes alone after the last chunk. Lines are split
 * on the byte `\n`, which never occurs inside a UTF-8 character.
 */
export async function* linesChunksOf(handle: FileHandle): AsyncGenerator<LinesChunk> {
  let partial: Buffer[] = [];
  for (;;) {
    const buffer = Buffer.allocUnsafe(readChunkBytes);
    const { bytesRead } = await handle.read(buffer, 0, readChunkBytes, null);
    if (bytesRead === 0) break;
    const bytes = buffer.subarray(0, bytesRead);
    const lines: string[] = [];
    let start = 0;
    for (let end = bytes.indexOf(0x0a); end !== -1; start = end + 1, end = bytes.indexOf(0x0a, start)) {
      lines.push(partial.length === 0 ? bytes.toString('utf8', start, end) : Buffer.concat([...partial, bytes.subarray(start, end)]).toString('utf8'));
      partial = [];
    }
    if (start < bytes.length) partial.push(bytes.subarray(start));
    yield { bytes, lines };
  }
  if (partial.length > 0) yield { bytes: Buffer.alloc(0), lines: [Buffer.concat(partial).toString('utf8')] };
}
