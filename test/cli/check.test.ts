import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/dataset/load.js';
import type { Dataset } from '../../src/dataset/format.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { packageRoot } from '../../src/util/paths.js';
import { runCli } from './run-cli.js';

const fixture = join(packageRoot, 'test', 'fixtures', 'municipality');
const root = '10000000-0000-4000-8000-000000000001';

describe('p2l check, the pre-flight', () => {
  let dataset: Dataset;
  let dir: string;
  const sims: RunningSimulator[] = [];
  beforeAll(async () => {
    dataset = await loadDataset(join(fixture, 'dataset.json'));
    dir = await mkdtemp(join(tmpdir(), 'p2l-check-'));
  });
  afterAll(() => Promise.all(sims.map((sim) => sim.close())));

  async function check(sim: RunningSimulator, overrides: Record<string, unknown> = {}) {
    const settings = JSON.parse(await readFile(join(fixture, 'settings.json'), 'utf8')) as Record<string, unknown>;
    const file = join(dir, `settings-${sims.length}-${Object.keys(overrides).length}.json`);
    await writeFile(file, JSON.stringify({ ...settings, 'mora.base': sim.url, 'exporters.plan2learn.retries': 0, ...overrides }), { mode: 0o600 });
    return runCli(['check', '--settings', file, '--today', '2026-11-26']);
  }

  async function serve(withoutFields: string[] = []): Promise<RunningSimulator> {
    const sim = await startSimulator({ dataset, withoutFields });
    sims.push(sim);
    return sim;
  }

  const checkLines = (stdout: string) => stdout.split('\n').filter((line) => /^(ok|failed|skipped) /.test(line));

  it('passes every check against a healthy MO', async () => {
    const result = await check(await serve());
    expect(checkLines(result.stdout).map((line) => line.replace(/:.*/, ''))).toEqual([
      'ok      settings',
      'ok      token',
      'ok      schema',
      'ok      query Units',
      'ok      query Persons',
      'ok      query Engagements',
      'ok      query Managers',
      'ok      query JobFunctions',
      'ok      query DarAddresses',
      'ok      root unit',
    ]);
    expect(result.stdout).toContain(`ok      root unit: ${root} (Fiktiv Kommune) is active on 2026-11-26`);
    expect(result.code).toBe(0);
  });

  it('catches an MO whose schema lacks a field the documents use', async () => {
    const result = await check(await serve(['Engagement.extension_10']));
    const lines = checkLines(result.stdout);
    expect(lines.find((line) => line.startsWith('failed  schema:'))).toMatch(
      /^failed {2}schema: engagements\.graphql: Cannot query field "extension_10" on type "Engagement"\. Did you mean /,
    );
    expect(lines.find((line) => line.startsWith('failed  query Engagements:'))).toBeDefined();
    expect(lines.find((line) => line.startsWith('ok      query Persons'))).toBeDefined();
    expect(result.code).toBe(1);
  });

  it('reports a wrong password once, skips what needs a token, and never prints the secret', async () => {
    const result = await check(await serve(), { 'crontab.CLIENT_SECRET': 'not-the-secret-42' });
    const lines = checkLines(result.stdout);
    expect(lines[1]).toMatch(/^failed {2}token: Keycloak at .* refused client "dipex" \(HTTP 401\): check crontab\.CLIENT_ID and crontab\.CLIENT_SECRET$/);
    expect(lines.slice(2).every((line) => line.startsWith('skipped '))).toBe(true);
    expect(result.stdout + result.stderr).not.toContain('not-the-secret-42');
    expect(result.code).toBe(1);
  });

  it('names a root unit that does not exist', async () => {
    const result = await check(await serve(), { 'exporters.plan2learn.root_unit': '10000000-0000-4000-8000-000000000999' });
    expect(checkLines(result.stdout)).toContain(
      'failed  root unit: 10000000-0000-4000-8000-000000000999 does not exist or is not active on 2026-11-26: check exporters.plan2learn.root_unit',
    );
    expect(result.code).toBe(1);
  });
});
