import { mkdtemp, readFile, readdir, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCache, saveCache, type CacheOrigin } from '../../src/cache/cache.js';
import { P2lError } from '../../src/util/errors.js';
import { engagement, person, snapshot } from '../export/builders.js';

const origin: CacheOrigin = { backend: 'mo', server: 'https://mo.example.dk', today: '2026-11-26', withHistory: false };
const data = snapshot({ persons: [person(1, 'Anna Jensen')], engagements: [engagement(1, { person: 1, unit: 1 })] });

async function savedCache(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'p2l-cache-')), 'cache');
  await saveCache(dir, data, origin, new Date('2026-11-26T02:00:00Z'));
  return dir;
}

async function refusal(dir: string): Promise<string> {
  const error = await readCache(dir).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(P2lError);
  return (error as Error).message;
}

describe('the snapshot cache', () => {
  it('round-trips a snapshot with when, from which backend and server it was taken, and its format version', async () => {
    const dir = await savedCache();
    const { manifest, snapshot: read } = await readCache(dir);
    expect(read).toEqual(data);
    expect(manifest).toMatchObject({ format: 'p2l-cache/1', takenAt: '2026-11-26T02:00:00.000Z', ...origin });
    expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'snapshot.json']);
    for (const name of await readdir(dir)) expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
  });

  it('refuses a truncated snapshot', async () => {
    const dir = await savedCache();
    const size = (await stat(join(dir, 'snapshot.json'))).size;
    await truncate(join(dir, 'snapshot.json'), size - 10);
    expect(await refusal(dir)).toBe(`cache ${dir} is truncated (${size - 10} of ${size} bytes): take a new one with p2l export --save-cache ${dir}`);
  });

  it('refuses a snapshot whose checksum fails', async () => {
    const dir = await savedCache();
    const text = await readFile(join(dir, 'snapshot.json'), 'utf8');
    await writeFile(join(dir, 'snapshot.json'), text.replace('Anna Jensen', 'Anne Jensen'));
    expect(await refusal(dir)).toBe(`cache ${dir} fails its checksum (the snapshot was changed or damaged): take a new one with p2l export --save-cache ${dir}`);
  });

  it('refuses a cache of another format version, and a folder that is no cache', async () => {
    const dir = await savedCache();
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, format: 'p2l-cache/0' }));
    expect(await refusal(dir)).toBe(`cache ${dir} is of format "p2l-cache/0", not p2l-cache/1: take a new one with p2l export --save-cache ${dir}`);
    const empty = await mkdtemp(join(tmpdir(), 'p2l-cache-'));
    expect(await refusal(empty)).toBe(`cache ${empty} has no manifest.json: take a new one with p2l export --save-cache ${empty}`);
  });
});
