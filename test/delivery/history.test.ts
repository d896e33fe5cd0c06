import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryNameOf, lastDelivery, listHistory, recordDelivery } from '../../src/delivery/history.js';
import { readDeliverySet, type DeliverySet } from '../../src/delivery/read-files.js';
import { P2lError } from '../../src/util/errors.js';
import { deliveryWorld } from '../support/delivery-world.js';
import { organisationRows, writeOrganisation } from './fixtures.js';

const { folders } = deliveryWorld();
const folder = () => folders.make('history');

async function sampleSet(persons = 3): Promise<DeliverySet> {
  const out = await folder();
  await writeOrganisation(out, organisationRows({ persons, units: 2 }));
  return readDeliverySet(out, 'utf-8');
}

const origin = { server: 'ftpes server ftp.example.dk:21', folder: 'the login folder', backend: 'mo' };
const at = (second: number) => new Date(Date.UTC(2026, 10, 26, 2, 0, second));
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('the delivery history', () => {
  it('keeps a delivery as its five files and a manifest, in a folder named by its UTC time, 0700 and 0600', async () => {
    const state = join(await folder(), 'state');
    const set = await sampleSet();
    const entry = await recordDelivery(state, set, origin, 'utf-8', 14, at(0));
    expect(entry.name).toBe('2026-11-26T02-00-00Z');
    expect(await readdir(state)).toEqual(['2026-11-26T02-00-00Z']);
    expect((await readdir(entry.path)).sort()).toEqual(['bruger.csv', 'engagement.csv', 'leder.csv', 'manifest.json', 'organisation.csv', 'stillingskode.csv']);
    expect(await modeOf(state)).toBe(0o700);
    expect(await modeOf(entry.path)).toBe(0o700);
    for (const name of await readdir(entry.path)) expect(await modeOf(join(entry.path, name))).toBe(0o600);
    const manifest = JSON.parse(await readFile(join(entry.path, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toEqual({
      format: 'p2l-delivery/1',
      deliveredAt: '2026-11-26T02:00:00.000Z',
      server: 'ftpes server ftp.example.dk:21',
      folder: 'the login folder',
      backend: 'mo',
      encoding: 'utf-8',
      files: Object.fromEntries(
        Object.values(set).map(({ name, bytes, table }) => [
          name,
          { rows: table.rows.length, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
        ]),
      ),
    });
    expect((manifest['files'] as Record<string, { rows: number }>)['bruger.csv']?.rows).toBe(3);
    for (const { name, bytes } of Object.values(set)) expect((await readFile(join(entry.path, name))).equals(bytes)).toBe(true);
  });

  it('keeps the newest N and removes the rest; the newest is the last delivery', async () => {
    const state = await folder();
    for (const second of [0, 1, 2, 3, 4]) await recordDelivery(state, await sampleSet(second + 1), origin, 'utf-8', 3, at(second));
    expect(await listHistory(state)).toEqual(['2026-11-26T02-00-02Z', '2026-11-26T02-00-03Z', '2026-11-26T02-00-04Z']);
    const last = await lastDelivery(state);
    expect(last?.entry.name).toBe('2026-11-26T02-00-04Z');
    expect(last?.set.bruger.table.rows).toHaveLength(5);
    expect((await readdir(state)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('numbers deliveries within one second, and orders them', async () => {
    const state = await folder();
    for (let i = 0; i < 11; i++) await recordDelivery(state, await sampleSet(i + 1), origin, 'utf-8', 14, at(0));
    const names = await listHistory(state);
    expect(names.slice(0, 3)).toEqual(['2026-11-26T02-00-00Z', '2026-11-26T02-00-00Z-2', '2026-11-26T02-00-00Z-3']);
    expect(names.at(-1)).toBe('2026-11-26T02-00-00Z-11');
    expect((await lastDelivery(state))?.set.bruger.table.rows).toHaveLength(11);
  });

  it('has no last delivery in a missing or empty folder, and ignores what is not a delivery', async () => {
    const state = await folder();
    expect(await lastDelivery(join(state, 'not-there'))).toBeNull();
    await writeFile(join(state, 'notes.txt'), 'hello');
    expect(await lastDelivery(state)).toBeNull();
  });

  it('refuses a last delivery whose files are not what was delivered', async () => {
    const state = await folder();
    const entry = await recordDelivery(state, await sampleSet(), origin, 'utf-8', 14, at(0));
    const bruger = join(entry.path, 'bruger.csv');
    await writeFile(bruger, (await readFile(bruger, 'utf8')).replace('Person 1', 'Person X'));
    const error = await lastDelivery(state).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    expect((error as Error).message).toBe(
      `the last delivery kept in ${entry.path} holds a bruger.csv that fails its checksum: remove that folder to compare against the delivery before it`,
    );
  });

  it('names entries by UTC second without colons', () => {
    expect(entryNameOf(new Date('2026-11-26T03:04:05.678+01:00'))).toBe('2026-11-26T02-04-05Z');
  });
});
