import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { removeAbandonedTemporaries } from '../../src/util/files.js';

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

it('removes only the temporary files of the one final name, in exactly writeFileAtomically’s form', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'p2l-temporaries-'));
  folders.push(folder);
  const names = [
    '.delta.json.0123456789ab.tmp', // removed: delta.json's, a killed run's
    '.delta.json.0123456789AB.tmp', // kept: upper-case hex is not p2l's
    '.delta.json.0123456789a.tmp', // kept: 11 digits
    '.manifest.json.0123456789ab.tmp', // kept: another final name
    'delta.json.0123456789ab.tmp', // kept: no leading dot
    'delta.json',
    'bruger.csv',
  ];
  await Promise.all(names.map((name) => writeFile(join(folder, name), 'x')));
  await removeAbandonedTemporaries(folder, 'delta.json');
  expect((await readdir(folder)).sort()).toEqual(names.slice(1).sort());
});
