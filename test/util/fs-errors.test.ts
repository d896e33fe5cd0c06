import { open } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { P2lError } from '../../src/util/errors.js';
import { explainFsError } from '../../src/util/fs-errors.js';

const nodeError = (code: string, syscall: string, path: string) =>
  Object.assign(new Error(`${code}: something, ${syscall} '${path}'`), { code, syscall, path });

describe('file-system errors as one line naming the path and what to do', () => {
  it('says what a read-only file system, a full disk and a missing permission mean', () => {
    const lines = [
      explainFsError(nodeError('EROFS', 'open', '/srv/out.lock'), '/srv/out'),
      explainFsError(nodeError('ENOSPC', 'write', '/srv/.out.sets/x/bruger.csv'), '/srv/out'),
      explainFsError(nodeError('EACCES', 'mkdir', '/srv'), '/srv/out', true),
    ].map((error) => [(error as Error).message, (error as P2lError).exitCode]);
    expect(lines).toEqual([
      ['cannot write /srv/out.lock: read-only file system (EROFS); choose an --out on a writable file system', 1],
      ['cannot write /srv/.out.sets/x/bruger.csv: no space left on the device (ENOSPC); free space on that disk and rerun; the previous files are intact', 1],
      ['cannot write /srv: permission denied (EACCES); give the user running p2l write access there, or choose another --out', 2],
    ]);
  });

  it('explains a real error from Node, and leaves anything else as it is', async () => {
    const error = await open('/no/such/folder/out.lock', 'wx').catch((e: unknown) => e);
    expect((explainFsError(error, '/no/such/folder/out') as Error).message).toBe(
      'cannot write /no/such/folder/out.lock: no such file or folder (ENOENT); check the path; a folder in it may have been removed while p2l ran',
    );
    const other = new P2lError('not a file-system error');
    expect(explainFsError(other, '/x')).toBe(other);
  });
});
