import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { diffCommand } from '../../src/commands/diff.js';
import type { Delta } from '../../src/delivery/delta.js';
import { deploymentSettings } from '../ship/fixtures.js';
import { deliveryWorld, writeSettingsFile } from '../support/delivery-world.js';
import { cprNumbersIn, ids, keepEarlierDelivery, organisationRows, range, writeOrganisation } from './fixtures.js';

const { folders } = deliveryWorld();
afterEach(() => vi.restoreAllMocks());

const persons = 30;

async function settingsFile(state: string): Promise<string> {
  return writeSettingsFile(join(await folders.make('settings'), 'settings.json'), deploymentSettings({ 'exporters.plan2learn.state_dir': state }));
}

/** Runs `p2l diff` in-process; returns what it printed. */
async function diff(options: Record<string, unknown>): Promise<string[]> {
  const printed: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(...String(chunk).trimEnd().split('\n'));
    return true;
  });
  await diffCommand(options);
  return printed;
}

describe('p2l diff', () => {
  it('compares the files with the last delivery, prints the table and what the guard would say, and writes delta.json', async () => {
    const state = join(await folders.make('state'), 'history');
    await keepEarlierDelivery(state, await folders.make('delivered'), organisationRows({ persons, units: 4 }));
    const out = await folders.make('out');
    await writeOrganisation(out, organisationRows({ persons, units: 4 }, { persons: range(5) }));
    const printed = await diff({ settings: await settingsFile(state), from: out });
    expect(printed[0]).toBe(`delta against the delivery of 2026-11-25T02:00:00.000Z (${join(state, '2026-11-25T02-00-00Z')}):`);
    expect(printed).toContainEqual(expect.stringMatching(/^bruger\.csv\s+30\s+5\s+0\s+25\s+0$/));
    expect(printed).toContainEqual(expect.stringMatching(/^the deletion guard would stop this delivery: it removes 25 of 30 persons/));
    expect(printed.at(-1)).toBe(`changes; written to ${join(out, 'delta.json')}`);
    const written = JSON.parse(await readFile(join(out, 'delta.json'), 'utf8')) as Delta;
    expect(written.against).toEqual({ deliveredAt: '2026-11-25T02:00:00.000Z', folder: join(state, '2026-11-25T02-00-00Z') });
    expect(written.files.bruger.removed).toEqual(range(25, 6).map(ids.person));
    expect(cprNumbersIn(`${printed.join('\n')}${JSON.stringify(written)}`, persons)).toEqual([]);
  });

  it('--against DIR compares with the files in another folder; no difference is no error', async () => {
    const [out, other] = [await folders.make('out'), await folders.make('other')];
    await writeOrganisation(out, organisationRows({ persons: 3, units: 2 }));
    await writeOrganisation(other, organisationRows({ persons: 3, units: 2 }));
    const printed = await diff({ settings: await settingsFile(await folders.make('state')), from: out, against: other });
    expect(printed[0]).toBe(`delta against ${other}:`);
    expect(printed.at(-1)).toBe(`no changes; written to ${join(out, 'delta.json')}`);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('with no delivery kept, every row is new', async () => {
    const state = join(await folders.make('state'), 'none');
    const out = await folders.make('out');
    await writeOrganisation(out, organisationRows({ persons: 3, units: 2 }));
    const printed = await diff({ settings: await settingsFile(state), from: out });
    expect(printed[0]).toBe('delta against nothing (no earlier delivery):');
    expect(printed).toContain(`no delivery is kept in ${state} yet: every row is new`);
  });
});
