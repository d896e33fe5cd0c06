/**
 * `p2l export` end to end when MO cannot resolve DAR addresses, over both
 * backends, against the simulator playing MO as MO behaves: a DAR address
 * DAR does not know, or every one when DAR is down, is named `Ukendt` and
 * its structured fields fail, nulling the whole page
 * (mora/graphapi/collections/address.py, mora/service/address_handler/dar.py).
 * The contract (plan2learn.md, organisation.csv): that unit's Gade, Postnr
 * and By are empty, with a warning naming the unit and the address; more
 * than half (and at least 5) failing fails the run, exit 1, the previous
 * files kept.
 */
import { lstat, mkdtemp, readFile, readdir, readlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsForSimulator } from '../../src/commands/demo-municipality.js';
import type { Dataset } from '../../src/dataset/format.js';
import { generateDataset } from '../../src/generate/generate.js';
import { startSimulator, type DarFailures, type RunningSimulator } from '../../src/sim/server.js';
import { runCli } from '../cli/run-cli.js';

const today = '2026-11-26';
const files = ['bruger.csv', 'engagement.csv', 'leder.csv', 'organisation.csv', 'stillingskode.csv'];
const backends = ['mo', 'lora'] as const;

/** A generated municipality in which DAR knows every address (the generator retires a few; here none are). */
function everyAddressKnown(): Dataset {
  const dataset = generateDataset({ persons: 600, seed: 12, today });
  const dar = new Set(dataset.classes.filter((c) => c.scope === 'DAR').map((c) => c.uuid));
  for (const address of dataset.addresses) {
    for (const version of address.versions) {
      if (dar.has(version.address_type) && version.dar === undefined) {
        version.dar = { road_name: 'Genfundet Vej', house_number: '1', floor: null, door: null, zip_code: '8800', zip_code_name: 'Viborg' };
      }
    }
  }
  return dataset;
}

async function filesIn(dir: string): Promise<Record<string, string>> {
  expect((await readdir(dir)).sort()).toEqual(files);
  return Object.fromEntries(await Promise.all(files.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)));
}

describe('DAR addresses MO cannot resolve', () => {
  const dataset = everyAddressKnown();
  const sims: RunningSimulator[] = [];
  let dir: string;
  let clean: Record<string, string>;
  /** An exported unit whose only DAR address has a DAR UUID no other address has. */
  let retired: { unit: string; address: string; dar: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2l-dar-'));
    const out = join(dir, 'clean');
    const result = await exportFrom(await serve({}), out, 'mo');
    expect(result.code).toBe(0);
    clean = await filesIn(out);
    retired = pickRetired(clean['organisation.csv'] ?? '');
  });
  afterAll(() => Promise.all(sims.map((sim) => sim.close())));

  async function serve(darFailures: DarFailures): Promise<RunningSimulator> {
    const sim = await startSimulator({ dataset, darFailures });
    sims.push(sim);
    return sim;
  }

  async function exportFrom(sim: RunningSimulator, out: string, backend: (typeof backends)[number], ...args: string[]) {
    const settings = join(dir, `settings-${sims.length}.json`);
    await writeFile(settings, JSON.stringify(settingsForSimulator(sim.url, dataset)), { mode: 0o600 });
    // Progress goes to stderr only when it is a terminal; --verbose excludes --quiet.
    const quiet = args.includes('--verbose') ? [] : ['--quiet'];
    return runCli(['export', '--settings', settings, '--out', out, '--today', today, ...quiet, '--backend', backend, ...args]);
  }

  function pickRetired(organisation: string): { unit: string; address: string; dar: string } {
    const withAddress = new Set(
      organisation
        .split('\r\n')
        .slice(1)
        .filter((line) => line !== '' && !line.endsWith(';"";"";""'))
        .map((line) => line.slice(1, 37)),
    );
    const valueCount = new Map<string, number>();
    for (const address of dataset.addresses) for (const v of address.versions) valueCount.set(v.value, (valueCount.get(v.value) ?? 0) + 1);
    const darTypes = new Set(dataset.classes.filter((c) => c.scope === 'DAR').map((c) => c.uuid));
    const darAddressesOf = (unit: string) => dataset.addresses.filter((a) => a.versions.some((v) => v.unit === unit && darTypes.has(v.address_type)));
    for (const unit of [...withAddress].sort()) {
      const [only, ...more] = darAddressesOf(unit);
      const version = only?.versions[0];
      if (only && more.length === 0 && only.versions.length === 1 && version && version.to === null && valueCount.get(version.value) === 1) {
        return { unit, address: only.uuid, dar: version.value };
      }
    }
    throw new Error('test setup: no exported unit with a single DAR address of its own');
  }

  for (const backend of backends) {
    it(`one retired DAR address of many (${backend}): exit 0, that unit's Gade, Postnr and By empty, one warning naming the unit and the address, all else as before`, async () => {
      const out = join(dir, `one-retired-${backend}`);
      const result = await exportFrom(await serve({ notFound: [retired.dar] }), out, backend, '--verbose');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const written = await filesIn(out);
      for (const file of files.filter((name) => name !== 'organisation.csv')) expect(written[file], file).toBe(clean[file]);
      const before = (clean['organisation.csv'] ?? '').split('\r\n');
      const after = (written['organisation.csv'] ?? '').split('\r\n');
      const changed = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
      expect(changed).toHaveLength(1);
      const [was, now] = changed[0] ?? [];
      expect(was?.startsWith(`"${retired.unit}";`)).toBe(true);
      expect(was?.endsWith(';"";"";""')).toBe(false);
      expect(now).toBe(`${was?.split(';').slice(0, 3).join(';') ?? ''};"";"";""`);
      expect(result.stdout).toContain('        1 dar-address-unresolved: ');
      expect(result.stdout).toContain(`\n            ${retired.unit} address ${retired.address}\n`);
    });
  }

  for (const backend of backends) {
    it(`DAR down (${backend}): exit 1, one line naming the count, the previous files untouched`, async () => {
      const out = join(dir, `down-${backend}`);
      expect((await exportFrom(await serve({}), out, backend)).code).toBe(0);
      const link = await readlink(out);
      const previous = await filesIn(out);
      const result = await exportFrom(await serve({ down: true }), out, backend);
      expect(result.code).toBe(1);
      const lines = result.stderr.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe('');
      const match =
        /^p2l: DAR lookups failed for (\d+) of (\d+) unit DAR addresses: MO cannot look them up in DAR \(more than half failed, so DAR itself is failing; `p2l check` shows MO's DAR health\); the run stops and the previous files are kept$/.exec(
          lines[0] ?? '',
        );
      expect(match).not.toBeNull();
      // DAR down: every address of the first batch (all of them here) is named Ukendt at once.
      expect(match?.[1]).toBe(match?.[2]);
      expect(Number(match?.[1])).toBeGreaterThan(5);
      expect((await lstat(out)).isSymbolicLink()).toBe(true);
      expect(await readlink(out)).toBe(link);
      expect(await filesIn(out)).toEqual(previous);
      expect(previous).toEqual(clean);
    });
  }
});
