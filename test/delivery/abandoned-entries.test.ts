import { spawn } from 'node:child_process';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listHistory, recordDelivery } from '../../src/delivery/history.js';
import { readDeliverySet } from '../../src/delivery/read-files.js';
import { startOf } from '../../src/output/lock.js';
import { temporaryFolders, writeSampleFiles } from '../ship/fixtures.js';

const folders = temporaryFolders();
afterAll(() => folders.removeAll());

/** The process id and start of a process that ran and is gone. */
async function deadProcess(): Promise<{ pid: number; started: string }> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  const pid = child.pid ?? 0;
  const started = startOf(pid) ?? '';
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
  return { pid, started };
}

const nameOf = (pid: number, started: string, suffix: string) => `.tmp-${pid}_${started.replace('/', '_')}-${suffix}`;

describe('history entries a killed run was writing (issue 13, crash test)', () => {
  it('the next delivery removes them; an entry a live run is writing, and anything else, stays', async () => {
    const state = await folders.make('abandoned');
    const dead = await deadProcess();
    expect(dead.started).toMatch(/^[0-9a-f-]+\/\d+$/);
    const mine = startOf(process.pid) ?? '';
    const names = {
      dead: nameOf(dead.pid, dead.started, 'a1B2c3'),
      // Our own process id, but another start: process 1 of the next container.
      reused: nameOf(process.pid, `${mine.split('/')[0] ?? ''}/1`, 'd4E5f6'),
      live: nameOf(process.pid, mine, 'g7H8i9'),
      formerOld: '.tmp-Zz9Yy8',
      formerFresh: '.tmp-Xx7Ww6',
      other: '.tmp-something-else',
    };
    for (const name of Object.values(names)) {
      await mkdir(join(state, name));
      await writeFile(join(state, name, 'bruger.csv'), 'CPR numbers\r\n');
    }
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(state, names.formerOld), twoHoursAgo, twoHoursAgo);

    const files = await folders.make('abandoned-files');
    await writeSampleFiles(files);
    const entry = await recordDelivery(
      state,
      await readDeliverySet(files, 'utf-8'),
      { server: 'ftpes server x:21', folder: 'the login folder' },
      'utf-8',
      14,
      new Date(),
    );

    expect(await listHistory(state)).toEqual([entry.name]);
    expect((await readdir(state)).filter((name) => name.startsWith('.')).sort()).toEqual([names.formerFresh, names.live, names.other].sort());
  });
});
