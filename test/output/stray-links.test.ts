import { readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publishFileSet } from '../../src/output/file-set.js';
import { temporaryFolders } from '../ship/fixtures.js';

const folders = temporaryFolders();
afterAll(() => folders.removeAll());

const files = [{ name: 'bruger.csv', blocks: () => [Buffer.from('"BrugerId"\r\n')] }];

describe('a run killed between making the temporary link and switching it (issue 13, crash test)', () => {
  it('leaves a link the next run removes; names of any other form beside --out stay', async () => {
    const parent = await folders.make('stray-links');
    const out = join(parent, 'out');
    await publishFileSet(out, files);
    await symlink('.out.sets/gone', join(parent, '.out.link-0123abcd'));
    const others = ['.out.link-0123abcd.bak', '.out.link-0123ABCD', '.other.link-0123abcd', '.out.link-89abcdef'];
    for (const name of others.slice(0, 3)) await symlink('.out.sets/gone', join(parent, name));
    // A regular file of the link's name is not p2l's link.
    await writeFile(join(parent, others[3] ?? ''), 'not a link\n');

    await publishFileSet(out, files);
    expect((await readdir(parent)).filter((name) => name.includes('.link-')).sort()).toEqual([...others].sort());
  });
});
