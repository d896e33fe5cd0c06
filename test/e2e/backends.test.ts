import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsForSimulator } from '../../src/commands/demo-municipality.js';
import type { Dataset } from '../../src/dataset/format.js';
import { loadDataset } from '../../src/dataset/load.js';
import { tooDeepLevelNames } from '../../src/generate/classes.js';
import { generateDataset } from '../../src/generate/generate.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { runCli } from '../cli/run-cli.js';
import { temporaryFolders } from '../ship/fixtures.js';
import { municipality, municipalitySettings } from '../support/delivery-world.js';

const today = '2026-11-26';
const files = ['bruger.csv', 'engagement.csv', 'leder.csv', 'organisation.csv', 'stillingskode.csv'];

async function filesIn(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  expect(names).toEqual(files);
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)));
}

async function writeSettings(dir: string, settings: Record<string, unknown>): Promise<string> {
  const file = join(dir, `settings-${Math.random().toString(16).slice(2)}.json`);
  await writeFile(file, JSON.stringify(settings), { mode: 0o600 });
  return file;
}

async function exportWith(settingsFile: string, out: string, ...args: string[]): Promise<void> {
  const result = await runCli(['export', '--settings', settingsFile, '--out', out, '--today', today, '--quiet', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

describe('the LoRa backend, the cache and p2l compare', () => {
  const folders = temporaryFolders();
  let dir: string;
  const sims: RunningSimulator[] = [];
  beforeAll(async () => {
    dir = await folders.make('backends');
  });
  afterAll(async () => {
    await Promise.all(sims.map((sim) => sim.close()));
    await folders.removeAll();
  });

  async function serve(dataset: Dataset): Promise<RunningSimulator> {
    const sim = await startSimulator({ dataset });
    sims.push(sim);
    return sim;
  }

  it('LoRa gives the golden files of the fixture municipality, in both variants', async () => {
    const sim = await serve(await loadDataset(join(municipality, 'dataset.json')));
    for (const [variant, name] of [
      ['default', 'settings.json'],
      ['rsd', 'settings-rsd.json'],
    ] as const) {
      const settings = JSON.parse(await readFile(join(municipality, name), 'utf8')) as Record<string, unknown>;
      const out = join(dir, `fixture-lora-${variant}`);
      await exportWith(await writeSettings(dir, { ...settings, 'mora.base': sim.url }), out, '--backend', 'lora');
      const golden = await filesIn(join(municipality, 'golden', variant));
      expect(await filesIn(out)).toEqual(golden);
    }
  });

  it('MO and LoRa give byte-identical files for a generated 5,000-person municipality; the cache gives them with no network', async () => {
    const dataset = generateDataset({ persons: 5000, seed: 5, today });
    const sim = await serve(dataset);
    const settings = { ...settingsForSimulator(sim.url, dataset), 'integrations.SD_Lon.import.too_deep': [...tooDeepLevelNames] };
    const settingsFile = await writeSettings(dir, settings);
    const cache = join(dir, 'cache-5000');
    await exportWith(settingsFile, join(dir, 'g-mo'), '--backend', 'mo', '--save-cache', cache);
    await exportWith(settingsFile, join(dir, 'g-lora'), '--backend', 'lora');
    const fromMo = await filesIn(join(dir, 'g-mo'));
    expect(fromMo['bruger.csv']?.split('\r\n').length).toBeGreaterThan(3000);
    expect(await filesIn(join(dir, 'g-lora'))).toEqual(fromMo);

    const offline = await writeSettings(dir, { ...settings, 'mora.base': 'http://127.0.0.1:9' });
    await exportWith(offline, join(dir, 'g-cache'), '--read-from-cache', cache);
    expect(await filesIn(join(dir, 'g-cache'))).toEqual(fromMo);
  });

  it('p2l compare finds a difference injected into one side, and none between MO and LoRa', async () => {
    const dataset = await loadDataset(join(municipality, 'dataset.json'));
    const changed: Dataset = JSON.parse(JSON.stringify(dataset)) as Dataset;
    const person = changed.persons.find((p) => p.versions.length === 1 && p.versions[0]?.cpr);
    if (!person?.versions[0]) throw new Error('fixture has no simple person');
    person.versions[0].surname = 'Injiceret';
    const [original, injected] = [await serve(dataset), await serve(changed)];
    const originalSettings = await writeSettings(dir, await municipalitySettings(original));
    const cache = join(dir, 'cache-injected');
    await exportWith(await writeSettings(dir, await municipalitySettings(injected)), join(dir, 'injected'), '--save-cache', cache);

    const same = await runCli(['compare', 'mo', 'lora', '--settings', originalSettings, '--today', today, '--quiet']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('\nidentical: mo and lora give the same five files\n');

    const different = await runCli(['compare', 'mo', `cache:${cache}`, '--settings', originalSettings, '--today', today, '--quiet']);
    expect(different.code).toBe(1);
    expect(different.stdout).toContain('bruger.csv: 0 only in mo, 0 only in cache:');
    expect(different.stdout).toMatch(new RegExp(`  differs ${person.uuid}: Navn: ".+" \\(mo\\) vs ".+ Injiceret" \\(cache:.+\\)`));
  });

  it('refuses a cache taken for another root unit, other engagement types or another extension field (MO was asked only for those), with one line and exit 2', async () => {
    const sim = await serve(await loadDataset(join(municipality, 'dataset.json')));
    const settings = await municipalitySettings(sim);
    const cache = join(dir, 'cache-scoped');
    await exportWith(await writeSettings(dir, settings), join(dir, 'scoped-out'), '--save-cache', cache);
    const otherRoot = '00000000-0000-4000-8000-00000000beef';
    const cases: [Record<string, unknown>, string][] = [
      [
        { 'exporters.plan2learn.root_unit': otherRoot },
        `root unit ${JSON.stringify(settings['exporters.plan2learn.root_unit'])}, and the settings give root unit "${otherRoot}"`,
      ],
      [
        { 'exporters.plan2learn.allowed_engagement_types': [otherRoot] },
        `engagement types ${JSON.stringify([...(settings['exporters.plan2learn.allowed_engagement_types'] as string[])].sort())}, and the settings give engagement types ["${otherRoot}"]`,
      ],
      [
        { 'exporters.plan2learn.position_extension_field': 'extension_7' },
        `extension field "extension_2", and the settings give extension field "extension_7"`,
      ],
    ];
    for (const [change, said] of cases) {
      const other = await writeSettings(dir, { ...settings, ...change });
      const result = await runCli(['export', '--settings', other, '--out', join(dir, 'scoped-out-2'), '--today', today, '--read-from-cache', cache, '--quiet']);
      expect(result.stderr).toBe(`p2l: cache ${cache} was taken for ${said}: take it again with these settings (p2l export --save-cache ${cache})\n`);
      expect(result.code).toBe(2);
    }
  });

  it('refuses a corrupted cache with one line and exit 1', async () => {
    const sim = await serve(await loadDataset(join(municipality, 'dataset.json')));
    const settings = await writeSettings(dir, await municipalitySettings(sim));
    const cache = join(dir, 'cache-corrupt');
    await exportWith(settings, join(dir, 'corrupt-out'), '--save-cache', cache);
    const snapshot = await readFile(join(cache, 'snapshot.jsonl'), 'utf8');
    await writeFile(join(cache, 'snapshot.jsonl'), snapshot.replace('{"dataset":"persons"', '{ "dataset":"persons"'));
    const result = await runCli(['export', '--settings', settings, '--out', join(dir, 'corrupt-out-2'), '--today', today, '--read-from-cache', cache]);
    const bytes = Buffer.byteLength(snapshot);
    expect(result.stderr).toBe(
      `p2l: cache ${cache} holds ${bytes + 1} bytes where its manifest says ${bytes} (changed or damaged): take a new one with p2l export --save-cache ${cache}\n`,
    );
    expect(result.code).toBe(1);
  });
});
