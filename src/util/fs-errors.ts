import { P2lError } from './errors.js';

/** What each file-system error means, and what the operator can do about it; OPTION is the option that named the path (`--out`, `--save-cache`). */
const advice: Record<string, { what: string; fix: string }> = {
  EACCES: { what: 'permission denied', fix: 'give the user running p2l write access there, or choose another OPTION' },
  EPERM: { what: 'operation not permitted', fix: 'give the user running p2l write access there, or choose another OPTION' },
  EROFS: { what: 'read-only file system', fix: 'choose a OPTION on a writable file system' },
  ENOSPC: { what: 'no space left on the device', fix: 'free space on that disk and rerun; the previous files are intact' },
  EDQUOT: { what: 'disk quota exceeded', fix: 'free space or raise the quota and rerun; the previous files are intact' },
  ENOENT: { what: 'no such file or folder', fix: 'check the path; a folder in it may have been removed while p2l ran' },
  ENOTDIR: { what: 'a part of the path is a file, not a folder', fix: 'choose a OPTION whose parent folders are folders' },
  EEXIST: { what: 'already exists', fix: 'remove it if p2l left it behind, or choose another OPTION' },
  EISDIR: { what: 'is a folder', fix: 'remove the folder or choose another OPTION' },
  ENOTEMPTY: { what: 'folder is not empty', fix: 'choose a new or empty folder for OPTION' },
  ENAMETOOLONG: { what: 'name too long', fix: 'choose a shorter OPTION' },
  ELOOP: { what: 'too many symbolic links', fix: 'choose a OPTION without a link loop' },
  EMFILE: { what: 'too many open files', fix: 'raise the open-file limit (ulimit -n) and rerun' },
  ENFILE: { what: 'too many open files in the system', fix: 'rerun when the system has fewer files open' },
  EIO: { what: 'input/output error', fix: 'check the disk (dmesg) and rerun; the previous files are intact' },
  EBUSY: { what: 'busy', fix: 'rerun when the file is no longer in use' },
  EXDEV: { what: 'crosses file systems', fix: 'keep --out and its .sets folder on one file system' },
};

/** Errors whose cause is the place (--out), not the moment: a usage error (exit 2) when met before anything is fetched. */
const placeErrors = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'EEXIST', 'EISDIR', 'ENOTEMPTY', 'ENAMETOOLONG', 'ELOOP', 'EXDEV']);

/** A Node file-system error (it carries `code` and `syscall`). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/**
 * One line for a file-system error: the path, what the system said and what
 * to do, instead of Node's bare `EROFS: read-only file system, open '…'`.
 * Anything else is returned as it is. `beforeFetch` makes a place error a
 * usage error (exit 2: nothing was fetched or written). `option` is the
 * option that named the place, for the advice (`choose another --out`).
 */
export function explainFsError(error: unknown, fallbackPath: string, beforeFetch = false, option = '--out'): unknown {
  if (!isFsError(error)) return error;
  const code = error.code ?? '';
  const path = error.path ?? fallbackPath;
  const known = advice[code];
  const exitCode = beforeFetch && placeErrors.has(code) ? 2 : 1;
  if (!known) return new P2lError(`cannot write ${path}: ${error.syscall} failed (${code})`, exitCode);
  // "a --save-cache" reads as "a --out" does: the article follows the option's first letter after the dashes.
  const fix = known.fix.replaceAll('a OPTION', `${/^--[aeiou]/.test(option) ? 'an' : 'a'} ${option}`).replaceAll('OPTION', option);
  return new P2lError(`cannot write ${path}: ${known.what} (${code}); ${fix}`, exitCode);
}
