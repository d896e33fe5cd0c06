import { lstat, mkdir, readFile, readdir, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { setsFolderOf } from '../../src/output/file-set.js';
import { runCli } from '../cli/run-cli.js';
import { municipalityCli } from '../support/delivery-world.js';

// --out must never take over what p2l did not make, and a bad --out is found before MO is asked anything.
const files = ['bruger.csv', 'engagement.csv', 'leder.csv', 'organisation.csv', 'stillingskode.csv'];

describe('p2l export --out: only what p2l made is moved or deleted', () => {
  const cli = municipalityCli('out-guard');
  beforeEach(() => cli.sim.resetStats());

  const exportTo = (out: string) => runCli(['export', '--settings', cli.settings, '--out', out, '--today', '2026-11-26', '--quiet']);

  it('refuses a non-empty folder it did not make, with one line, exit 2, the folder untouched and no request to MO', async () => {
    const out = join(cli.dir, 'home');
    await mkdir(join(out, 'documents'), { recursive: true });
    await writeFile(join(out, 'notes.txt'), 'mine');
    const result = await exportTo(out);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `p2l: --out ${out} is a folder p2l did not make, and it is not empty: p2l moves or deletes only what it made; choose a new or empty folder for --out\n`,
    );
    expect((await lstat(out)).isDirectory()).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['documents', 'notes.txt']);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    await expect(lstat(setsFolderOf(out))).rejects.toThrow('ENOENT');
    expect(cli.sim.stats.graphqlRequests).toBe(0);
    expect(cli.sim.stats.tokenRequests).toBe(0);
  });

  it('takes an empty folder: replaced by the link to the new set', async () => {
    const out = join(cli.dir, 'empty');
    await mkdir(out);
    const result = await exportTo(out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await lstat(out)).isSymbolicLink()).toBe(true);
    expect((await readdir(out)).sort()).toEqual(files);
    // The empty folder is removed, not kept in the sets folder: only the new set and its marker are there.
    const sets = (await readdir(setsFolderOf(out))).sort();
    expect(sets).toHaveLength(2);
    expect(sets[1]).toBe(`${sets[0]}.p2l-set`);
  });

  it('keeps working with the link layout of older versions (sets without a marker), and still removes their old sets', async () => {
    const out = join(cli.dir, 'legacy');
    const sets = setsFolderOf(out);
    const older = ['2026-11-24T02-00-00-000Z-aaaaaa', '2026-11-25T02-00-00-000Z-bbbbbb'];
    for (const name of older) {
      await mkdir(join(sets, name), { recursive: true });
      await writeFile(join(sets, name, 'bruger.csv'), `old ${name}`);
    }
    await mkdir(join(sets, 'adopted-cccccc'));
    await writeFile(join(sets, 'adopted-cccccc', 'notes.txt'), 'not made by p2l');
    await symlink(join('.legacy.sets', '2026-11-25T02-00-00-000Z-bbbbbb'), out);
    for (const run of [1, 2]) {
      const result = await exportTo(out);
      expect(result.stderr, `run ${run}`).toBe('');
      expect(result.code, `run ${run}`).toBe(0);
      expect((await readdir(out)).sort()).toEqual(files);
    }
    const left = (await readdir(sets)).sort();
    // Both unmarked sets of the older version are gone (kept only while current or previous); the adopted folder stays.
    expect(left.filter((name) => older.includes(name))).toEqual([]);
    expect(left.filter((name) => name === 'adopted-cccccc')).toEqual(['adopted-cccccc']);
    expect(left.filter((name) => !name.endsWith('.p2l-set') && name !== 'adopted-cccccc')).toHaveLength(2);
    expect(await readFile(join(sets, 'adopted-cccccc', 'notes.txt'), 'utf8')).toBe('not made by p2l');
    expect(join(cli.dir, await readlink(out)).startsWith(sets)).toBe(true);
  });

  it('makes a missing parent of --out, mode 0700', async () => {
    const out = join(cli.dir, 'new', 'deeper', 'out');
    const result = await exportTo(out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await stat(join(cli.dir, 'new'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(cli.dir, 'new', 'deeper'))).mode & 0o777).toBe(0o700);
    expect((await readdir(out)).sort()).toEqual(files);
  });

  // Tests run as root, where chmod 500 does not stop writes; a parent that is a regular file fails for root too (ENOTDIR).
  it('names the path and what to do, in one line, when the parent of --out is a file; before any request to MO', async () => {
    const file = join(cli.dir, 'a-file');
    await writeFile(file, 'x');
    const out = join(file, 'out');
    const result = await exportTo(out);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `p2l: cannot write ${file}: a part of the path is a file, not a folder (ENOTDIR); choose an --out whose parent folders are folders\n`,
    );
    expect(await readFile(file, 'utf8')).toBe('x');
    expect(cli.sim.stats.graphqlRequests).toBe(0);
    expect(cli.sim.stats.tokenRequests).toBe(0);
  });

  it('refuses a link it did not make, leaving the link and its target alone', async () => {
    const target = join(cli.dir, 'elsewhere');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'keep');
    const out = join(cli.dir, 'foreign-link');
    await symlink(target, out);
    const result = await exportTo(out);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `p2l: --out ${out} is a link to ${target}, which p2l did not make: p2l moves or deletes only what it made; choose a new or empty folder for --out\n`,
    );
    expect(await readlink(out)).toBe(target);
    expect(await readdir(target)).toEqual(['keep.txt']);
    expect(cli.sim.stats.graphqlRequests).toBe(0);
  });
});
