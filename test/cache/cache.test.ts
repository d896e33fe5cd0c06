import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareCacheFolder, readCache, saveCache, type CacheOrigin } from '../../src/cache/cache.js';
import type { Snapshot } from '../../src/snapshot.js';
import { P2lError } from '../../src/util/errors.js';
import { engagement, person, snapshot, unit, unitAddress, uuid } from '../export/builders.js';
import { temporaryFolders } from '../ship/fixtures.js';

const folders = temporaryFolders();
afterAll(() => folders.removeAll());

const origin: CacheOrigin = {
  backend: 'mo',
  server: 'https://mo.example.dk',
  today: '2026-11-26',
  withHistory: false,
  scope: { rootUnit: '10000000-0000-4000-8000-000000000001', engagementTypes: [], positionExtensionField: 'extension_2' },
};
const data = snapshot({
  persons: [person(2, 'Bo Ærø'), person(1, 'Anna Jensen'), person(3, 'Søren Åberg')],
  engagements: [engagement(1, { person: 1, unit: 1 })],
});

async function savedCache(contents: Snapshot = data): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'p2l-cache-')), 'cache');
  await saveCache(dir, contents, origin, new Date('2026-11-26T02:00:00Z'));
  return dir;
}

async function refusal(dir: string): Promise<string> {
  const error = await readCache(dir).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(P2lError);
  return (error as Error).message;
}

const fix = (dir: string) => `: take a new one with p2l export --save-cache ${dir}`;

async function snapshotLines(dir: string): Promise<string[]> {
  return (await readFile(join(dir, 'snapshot.jsonl'), 'utf8')).split('\n');
}

/** Replaces the snapshot and gives the manifest its size and checksum, so only the lines' shape can fail. */
async function rewriteSnapshot(dir: string, lines: string[]): Promise<void> {
  const body = Buffer.from(lines.join('\n'));
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { snapshot: object };
  const sha256 = createHash('sha256').update(body).digest('hex');
  await writeFile(join(dir, 'snapshot.jsonl'), body);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, snapshot: { ...manifest.snapshot, bytes: body.length, sha256 } }));
}

describe('the snapshot cache', () => {
  it('round-trips a snapshot with when, from which backend and server it was taken, and its format version', async () => {
    const dir = await savedCache();
    const { manifest, snapshot: read } = await readCache(dir);
    expect(read).toEqual(data);
    expect(read.persons.map((p) => p.uuid)).toEqual(data.persons.map((p) => p.uuid));
    expect(manifest).toMatchObject({ format: 'p2l-cache/4', takenAt: '2026-11-26T02:00:00.000Z', ...origin });
    expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'snapshot.jsonl']);
    for (const name of await readdir(dir)) expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
  });

  it("round-trips MO's DAR answers and the DAR addresses MO could not resolve, after the other datasets", async () => {
    const dar = { road_name: 'Søndersøvej', house_number: '2', floor: '1', door: 'th', zip_code: '8800', zip_code_name: 'Viborg' };
    const units = [
      unit(1, 'Root', null, { addresses: [unitAddress(11, { name: 'Søndersøvej 2, 1. th, 8800 Viborg', dar }), unitAddress(12, { unresolved: true })] }),
    ];
    const withDar = snapshot({ units });
    expect(withDar.darAddresses.map((a) => a.uuid)).toEqual([uuid('4', 11)]);
    expect(withDar.unresolvedDar).toEqual([{ uuid: uuid('4', 12) }]);
    const dir = await savedCache(withDar);
    expect((await readCache(dir)).snapshot).toEqual(withDar);
    const headers = (await snapshotLines(dir)).filter((line) => line.startsWith('{"dataset"')).map((line) => JSON.parse(line) as unknown);
    expect(headers.slice(-2)).toEqual([
      { dataset: 'darAddresses', objects: 1 },
      { dataset: 'unresolvedDar', objects: 1 },
    ]);
    expect((await snapshotLines(dir)).at(-2)).toBe(`{"uuid":"${uuid('4', 12)}"}`);
  });

  it('writes one JSON object a line: a header per dataset with its count, then its objects; empty datasets round-trip', async () => {
    const dir = await savedCache(snapshot({ units: [], persons: [person(1, 'Anna Jensen')], jobFunctions: [] }));
    const lines = await snapshotLines(dir);
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { dataset: 'units', objects: 0 },
      { dataset: 'persons', objects: 1 },
      person(1, 'Anna Jensen'),
      { dataset: 'engagements', objects: 0 },
      { dataset: 'managers', objects: 0 },
      { dataset: 'jobFunctions', objects: 0 },
      { dataset: 'darAddresses', objects: 0 },
      { dataset: 'unresolvedDar', objects: 0 },
    ]);
    expect((await readCache(dir)).snapshot).toEqual({
      units: [],
      persons: [person(1, 'Anna Jensen')],
      engagements: [],
      managers: [],
      jobFunctions: [],
      darAddresses: [],
      unresolvedDar: [],
    });
  });

  it('round-trips a snapshot of several megabytes, in order, whatever line or letter a read chunk ends in', async () => {
    const persons = Array.from({ length: 12_000 }, (_, i) => person(12_000 - i, `Søren Ærø Åberg ${'ø'.repeat(i % 97)}`));
    const dir = await savedCache(snapshot({ persons }));
    expect((await stat(join(dir, 'snapshot.jsonl'))).size).toBeGreaterThan(3 << 20);
    expect((await readCache(dir)).snapshot.persons).toEqual(persons);
  });

  it('refuses a truncated snapshot, and one larger than its manifest says', async () => {
    const dir = await savedCache();
    const size = (await stat(join(dir, 'snapshot.jsonl'))).size;
    await truncate(join(dir, 'snapshot.jsonl'), size - 10);
    expect(await refusal(dir)).toBe(`cache ${dir} is truncated (${size - 10} of ${size} bytes)${fix(dir)}`);
    await writeFile(join(dir, 'snapshot.jsonl'), Buffer.alloc(size + 1, '\n'));
    expect(await refusal(dir)).toBe(`cache ${dir} holds ${size + 1} bytes where its manifest says ${size} (changed or damaged)${fix(dir)}`);
  });

  it('refuses a snapshot whose checksum fails', async () => {
    const dir = await savedCache();
    const text = await readFile(join(dir, 'snapshot.jsonl'), 'utf8');
    await writeFile(join(dir, 'snapshot.jsonl'), text.replace('Anna Jensen', 'Anne Jensen'));
    expect(await refusal(dir)).toBe(`cache ${dir} fails its checksum (the snapshot was changed or damaged)${fix(dir)}`);
  });

  it('refuses a damaged line that is not JSON, naming the line', async () => {
    const dir = await savedCache();
    const lines = await snapshotLines(dir);
    lines[4] = `#${lines[4]?.slice(1) ?? ''}`;
    await writeFile(join(dir, 'snapshot.jsonl'), lines.join('\n'));
    expect(await refusal(dir)).toBe(`cache ${dir} has a snapshot.jsonl whose line 5 is not JSON (changed or damaged)${fix(dir)}`);
  });

  it('refuses lines that are JSON but not the snapshot, even with a matching checksum', async () => {
    const dir = await savedCache();
    const lines = await snapshotLines(dir);
    const shape = (where: string) => `cache ${dir} holds no snapshot of the expected shape (${where} of snapshot.jsonl)${fix(dir)}`;
    // units' header holds 1, then persons' header (line 3) with 3 persons.
    await rewriteSnapshot(dir, [lines[2] ?? '', lines[0] ?? '', ...lines.slice(1, 2), ...lines.slice(3)]);
    expect(await refusal(dir)).toBe(shape('line 1'));
    await rewriteSnapshot(dir, [...lines.slice(0, 3), '[1, 2]', ...lines.slice(4)]);
    expect(await refusal(dir)).toBe(shape('line 4'));
    // One person fewer than its header says: engagements' header (now line 6) is taken for the third person, and is none.
    await rewriteSnapshot(dir, [...lines.slice(0, 4), ...lines.slice(5)]);
    expect(await refusal(dir)).toBe(shape('line 6'));
    await rewriteSnapshot(dir, lines.slice(0, 6));
    expect(await refusal(dir)).toBe(shape('the end after line 6'));
    await rewriteSnapshot(dir, [...lines.slice(0, -1), '{}', '']);
    expect(await refusal(dir)).toBe(shape(`line ${lines.length}`));
  });

  it('refuses a cache of the former format, and of another version, and a folder that is no cache', async () => {
    const dir = await savedCache();
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify(data));
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({ ...manifest, format: 'p2l-cache/1', snapshot: { file: 'snapshot.json', bytes: 1, sha256: '' } }),
    );
    expect(await refusal(dir)).toBe(`cache ${dir} is of format "p2l-cache/1", not p2l-cache/4${fix(dir)}`);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, format: 'p2l-cache/0' }));
    expect(await refusal(dir)).toBe(`cache ${dir} is of format "p2l-cache/0", not p2l-cache/4${fix(dir)}`);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, format: 'p2l-cache/2' }));
    expect(await refusal(dir)).toBe(`cache ${dir} is of format "p2l-cache/2", not p2l-cache/4${fix(dir)}`);
    // Format 3 caches hold everything of the allowed types, whatever the root, and no record of the scope.
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, format: 'p2l-cache/3' }));
    expect(await refusal(dir)).toBe(`cache ${dir} is of format "p2l-cache/3", not p2l-cache/4${fix(dir)}`);
    const empty = await mkdtemp(join(tmpdir(), 'p2l-cache-'));
    expect(await refusal(empty)).toBe(`cache ${empty} has no manifest.json${fix(empty)}`);
  });

  it('refuses a cache whose snapshot file is missing', async () => {
    const dir = await savedCache();
    await rm(join(dir, 'snapshot.jsonl'));
    expect(await refusal(dir)).toBe(`cache ${dir} has no snapshot.jsonl${fix(dir)}`);
  });

  it('saved over a former-format cache, leaves none of it behind', async () => {
    const dir = await savedCache();
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify(data));
    await saveCache(dir, data, origin, new Date('2026-11-27T02:00:00Z'));
    expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'snapshot.jsonl']);
  });

  it('keeps the cache there was when saving fails part-way, with no temporary file left', async () => {
    const dir = await savedCache();
    const unwritable = {
      toJSON: () => {
        throw new Error('no JSON for this one');
      },
    };
    const poisoned = { ...data, managers: [unwritable] } as unknown as Snapshot;
    await expect(saveCache(dir, poisoned, origin, new Date('2026-11-27T02:00:00Z'))).rejects.toThrow('no JSON for this one');
    expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'snapshot.jsonl']);
    expect((await readCache(dir)).snapshot).toEqual(data);
  });
});

describe('a cache read back', () => {
  it('holds each repeated validity, unit reference and class once, the class with its name', async () => {
    const dir = join(await folders.make('cache'), 'cache');
    const shared = { unit: 1, from: '2020-01-01' };
    await saveCache(
      dir,
      snapshot({ engagements: [engagement(1, { ...shared, person: 1 }), engagement(2, { ...shared, person: 2 })] }),
      origin,
      new Date('2026-11-26T02:00:00Z'),
    );
    const [first, second] = (await readCache(dir)).snapshot.engagements.map((e) => e.validities[0]);
    expect(first?.validity).toBe(second?.validity);
    expect(first?.org_unit_response).toBe(second?.org_unit_response);
    expect(first?.engagement_type_response).toBe(second?.engagement_type_response);
    expect(first?.engagement_type_response.current?.name).toBe('Månedsløn');
  });
});

describe('--save-cache', () => {
  it('refuses a folder p2l did not make that is not empty, and leaves it as it is', async () => {
    const dir = await folders.make('not-a-cache');
    await writeFile(join(dir, 'manifest.json'), '{"mine": true}\n');
    await expect(prepareCacheFolder(dir)).rejects.toThrow(
      `--save-cache ${dir} is a folder p2l did not make, and it is not empty: choose a new or empty folder, or one that holds a p2l cache`,
    );
    expect(await readFile(join(dir, 'manifest.json'), 'utf8')).toBe('{"mine": true}\n');
  });

  it('takes a new folder, an empty one, and one holding a cache p2l saved', async () => {
    const parent = await folders.make('caches');
    await prepareCacheFolder(join(parent, 'new'));
    await mkdir(join(parent, 'empty'));
    await prepareCacheFolder(join(parent, 'empty'));
    await saveCache(join(parent, 'saved'), snapshot({}), origin, new Date('2026-11-26T02:00:00Z'));
    await prepareCacheFolder(join(parent, 'saved'));
  });
});
