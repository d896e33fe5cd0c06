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

  async function serve(withoutFields: string[] = [], newestVersion?: number): Promise<RunningSimulator> {
    const sim = await startSimulator({ dataset, withoutFields, ...(newestVersion === undefined ? {} : { newestVersion }) });
    sims.push(sim);
    return sim;
  }

  const checkLines = (stdout: string) => stdout.split('\n').filter((line) => /^(ok|failed|skipped|warning) /.test(line));

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
      'ok      query Classes',
      'ok      query JobFunctions',
      'ok      query DarAddresses',
      'ok      query DarAddressNames',
      'ok      root unit',
      'ok      dar health',
      'warning graphql version',
    ]);
    expect(result.stdout).toContain('ok      dar health: MO reaches DAR');
    expect(result.stdout).toContain(`ok      root unit: ${root} (Fiktiv Kommune) is active on 2026-11-26`);
    // The simulator's newest version is v30, as MO's master of 2026-08-21 (mora/graphapi/version.py): worth a warning, not a failure.
    expect(result.stdout).toContain(
      'warning graphql version: MO\'s newest GraphQL version is v30; p2l reads v29, which MO still serves: see "When MO\'s schema changes" in the README before MO drops it',
    );
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
    // Only the version check, which needs no token, still runs.
    expect(lines.slice(2).filter((line) => !line.startsWith('skipped '))).toEqual([expect.stringMatching(/^warning graphql version: /)]);
    expect(result.stdout + result.stderr).not.toContain('not-the-secret-42');
    expect(result.code).toBe(1);
  });

  // MO's role checks are always on (RBACExtension, mora/graphapi/schema.py; the roles in mora/graphapi/rbac_map.py).
  it('reports a Keycloak role the client lacks per query, naming the role, and goes on with the other checks', async () => {
    const roles = ['read_org_unit', 'read_employee', 'read_engagement', 'read_class', 'read_address', 'read_facet'];
    const sim = await startSimulator({ dataset, clientRoles: { dipex: roles } });
    sims.push(sim);
    const result = await check(sim);
    const lines = checkLines(result.stdout);
    expect(lines.filter((line) => line.startsWith('failed '))).toEqual([
      `failed  query Managers: MO at ${sim.url}/graphql/v29 refused Managers ("No policy approved the access" at managers): ` +
        'client "dipex" needs Keycloak role read_manager to read MO\'s manager collection; give it that role in Keycloak',
    ]);
    expect(lines.map((line) => line.replace(/:.*/, ''))).toContain('ok      query DarAddresses');
    expect(lines.map((line) => line.replace(/:.*/, ''))).toContain('ok      root unit');
    expect(sim.stats.byOperation.Managers).toBe(1);
    expect(result.code).toBe(1);
  });

  it('names a root unit that does not exist', async () => {
    const result = await check(await serve(), { 'exporters.plan2learn.root_unit': '10000000-0000-4000-8000-000000000999' });
    expect(checkLines(result.stdout)).toContain(
      'failed  root unit: 10000000-0000-4000-8000-000000000999 does not exist or is not active on 2026-11-26: check exporters.plan2learn.root_unit',
    );
    expect(result.code).toBe(1);
  });

  // MO's `healths` query, `dar`: whether MO reaches DAR (mora/graphapi/health.py, mora/graphapi/collections/health.py; tests/graphapi/test_healths.py).
  it("reports MO's DAR health as information: DAR down is a warning line, and the check still passes", async () => {
    const sim = await startSimulator({ dataset, newestVersion: 29, darFailures: { down: true } });
    sims.push(sim);
    const result = await check(sim);
    const lines = checkLines(result.stdout);
    expect(lines.filter((line) => !line.startsWith('ok      '))).toEqual([
      "warning dar health: MO says DAR is down (healths: dar false): units' addresses MO cannot look up come out empty with a warning, " +
        'and if more than half fail the export stops and keeps the previous files',
    ]);
    expect(sim.stats.byOperation.Healths).toBe(1);
    expect(result.code).toBe(0);
  });

  it("says ok when p2l reads MO's newest GraphQL version", async () => {
    const result = await check(await serve([], 29));
    expect(checkLines(result.stdout)).toContain("ok      graphql version: p2l reads v29, MO's newest");
    expect(result.code).toBe(0);
  });
});
