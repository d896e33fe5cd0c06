import { spawn } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishFileSet, setsFolderOf } from '../../src/output/file-set.js';
import { lockOutput, startOf } from '../../src/output/lock.js';
import { P2lError } from '../../src/util/errors.js';

const set = (text: string) => ['bruger.csv', 'leder.csv'].map((name) => ({ name, blocks: () => [Buffer.from(`${name} ${text}`)] }));

async function contents(out: string): Promise<Record<string, string>> {
  const names = (await readdir(out)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(join(out, name), 'utf8')] as const)));
}

describe('publishing a set of files', () => {
  it('switches the output folder to the new set in one step, keeping only the previous set beside it', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'p2l-out-')), 'out');
    for (const text of ['one', 'two', 'three']) await publishFileSet(out, set(text));
    expect((await lstat(out)).isSymbolicLink()).toBe(true);
    expect(await contents(out)).toEqual({ 'bruger.csv': 'bruger.csv three', 'leder.csv': 'leder.csv three' });
    expect(await readdir(setsFolderOf(out))).toHaveLength(4);
  });

  it('leaves the previous set untouched, and nothing half-written, when a run fails while writing', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'p2l-out-')), 'out');
    await publishFileSet(out, set('good'));
    const broken = [...set('new'), { name: 'no/such/folder.csv', blocks: () => [Buffer.from('x')] }];
    await expect(publishFileSet(out, broken)).rejects.toThrow();
    expect(await contents(out)).toEqual({ 'bruger.csv': 'bruger.csv good', 'leder.csv': 'leder.csv good' });
    expect(await readdir(setsFolderOf(out))).toHaveLength(2);
  });

  it('refuses an output folder that is a plain folder with something in it, leaving it as it was', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'p2l-out-')), 'out');
    await mkdir(out);
    await writeFile(join(out, 'bruger.csv'), 'old');
    const error = await publishFileSet(out, set('new')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    expect((error as P2lError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      `--out ${out} is a folder p2l did not make, and it is not empty: p2l moves or deletes only what it made; choose a new or empty folder for --out`,
    );
    expect((await lstat(out)).isDirectory()).toBe(true);
    expect(await contents(out)).toEqual({ 'bruger.csv': 'old' });
  });

  it('marks each set it makes, and removes only marked sets and sets named as older versions named theirs', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'p2l-out-')), 'out');
    const sets = setsFolderOf(out);
    await mkdir(join(sets, 'by-hand'), { recursive: true });
    await writeFile(join(sets, 'by-hand', 'keep.txt'), 'keep');
    await mkdir(join(sets, '2026-01-01T00-00-00-000Z-abcdef'));
    for (const text of ['one', 'two', 'three']) await publishFileSet(out, set(text));
    const names = (await readdir(sets)).sort();
    expect(names.filter((name) => name.endsWith('.p2l-set'))).toHaveLength(2);
    expect(names.filter((name) => !name.endsWith('.p2l-set'))).toHaveLength(3);
    expect(names).toContain('by-hand');
    expect(names).not.toContain('2026-01-01T00-00-00-000Z-abcdef');
    expect(await readFile(join(sets, 'by-hand', 'keep.txt'), 'utf8')).toBe('keep');
    expect(await contents(out)).toEqual({ 'bruger.csv': 'bruger.csv three', 'leder.csv': 'leder.csv three' });
  });
});

describe('the output lock', () => {
  it('keeps a second run off the same folder, naming the holder', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'p2l-lock-')), 'out');
    const lock = await lockOutput(out, () => undefined);
    const error = await lockOutput(out, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    expect((error as Error).message).toBe(
      `another p2l run (process ${process.pid}) is writing ${out}: wait for it to finish, or remove ${out}.lock if that process is not p2l`,
    );
    await lock.release();
    await (await lockOutput(out, () => undefined)).release();
  });

  it('takes over a lock left by a process that no longer runs, with a warning', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'p2l-lock-')), 'out');
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('exit', () => resolve(child.pid ?? 0));
    });
    await writeFile(`${out}.lock`, `${dead}\n`);
    const warnings: string[] = [];
    const lock = await lockOutput(out, (line) => warnings.push(line));
    expect(warnings).toEqual([`warning: taking over ${out}.lock, left by process ${dead} which no longer runs`]);
    expect(await readFile(`${out}.lock`, 'utf8')).toBe(`${process.pid}\nstarted ${startOf(process.pid)}\n`);
    await lock.release();
  });
});
