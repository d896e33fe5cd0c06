/**
 * p2l is correct against MO's pagination as it is (keyset, OS2mo a092de2b8
 * mora/graphapi/paged.py) and as it was before June 2026 (offset, a092de2b8^
 * mora/graphapi/paged.py to_paged): the hand-checked fixture municipality,
 * exported at a small page size so that every walk takes several pages (and,
 * with offset, short and empty ones), gives exactly the golden files.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/dataset/load.js';
import type { PaginationMode } from '../../src/sim/cursor.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { packageRoot } from '../../src/util/paths.js';
import { runCli } from '../cli/run-cli.js';

const fixture = join(packageRoot, 'test', 'fixtures', 'municipality');
const files = ['bruger.csv', 'engagement.csv', 'leder.csv', 'organisation.csv', 'stillingskode.csv'];
const pageSize = 7;

describe("p2l export of the fixture municipality, 7 objects a page, against both of MO's ways of paging", () => {
  const sims = new Map<PaginationMode, RunningSimulator>();
  let dir: string;
  beforeAll(async () => {
    const dataset = await loadDataset(join(fixture, 'dataset.json'));
    for (const pagination of ['keyset', 'offset'] as const) sims.set(pagination, await startSimulator({ dataset, pagination }));
    dir = await mkdtemp(join(tmpdir(), 'p2l-pagination-'));
  });
  afterAll(() => Promise.all([...sims.values()].map((sim) => sim.close())));

  const exportWith = async (pagination: PaginationMode): Promise<{ out: string; byOperation: Record<string, number> }> => {
    const sim = sims.get(pagination);
    if (!sim) throw new Error(`test setup: no ${pagination} simulator`);
    const settings = JSON.parse(await readFile(join(fixture, 'settings.json'), 'utf8')) as Record<string, unknown>;
    const file = join(dir, `settings-${pagination}.json`);
    await writeFile(file, JSON.stringify({ ...settings, 'mora.base': sim.url, 'exporters.plan2learn.page_size': pageSize }), { mode: 0o600 });
    const out = join(dir, pagination);
    sim.resetStats();
    const result = await runCli(['export', '--settings', file, '--out', out, '--today', '2026-11-26', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return { out, byOperation: { ...sim.stats.byOperation } };
  };

  it('writes exactly the golden files with either', async () => {
    const keysetRun = await exportWith('keyset');
    const offsetRun = await exportWith('offset');
    for (const { out } of [keysetRun, offsetRun]) expect((await readdir(out)).sort()).toEqual(files);
    for (const file of files) {
      const keysetFile = await readFile(join(keysetRun.out, file), 'utf8');
      expect(await readFile(join(offsetRun.out, file), 'utf8'), `offset against keyset: ${file}`).toBe(keysetFile);
      expect(keysetFile, `golden: ${file}`).toBe(await readFile(join(fixture, 'golden', 'default', file), 'utf8'));
    }
    // The walks took several pages, and every offset walk at least one more request than its keyset walk.
    const [keyset, offset] = [keysetRun.byOperation, offsetRun.byOperation];
    expect(Object.keys(offset).sort()).toEqual(Object.keys(keyset).sort());
    expect(Math.max(...Object.values(keyset))).toBeGreaterThan(1);
    for (const [operation, count] of Object.entries(keyset)) {
      if (operation === 'RootUnit') continue;
      expect(offset[operation], operation).toBeGreaterThan(count);
    }
  });
});

describe('p2l sim --pagination', () => {
  it('serves offset pages on request: the walk ends after an empty page', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(packageRoot, 'src', 'cli.ts'), 'sim', '--dataset', join(fixture, 'dataset.json'), '--pagination', 'offset'],
      {
        cwd: packageRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let stdout = '';
      const settings = await new Promise<Record<string, unknown>>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          try {
            resolve(JSON.parse(stdout) as Record<string, unknown>);
          } catch {
            // not all of it yet
          }
        });
        child.on('close', (code) => reject(new Error(`p2l sim ended (${code}) before printing its settings`)));
      });
      const base = String(settings['mora.base']);
      const token = (await (
        await fetch(`${base}/auth/realms/mo/protocol/openid-connect/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'dipex', client_secret: 'dipex-secret' }).toString(),
        })
      ).json()) as { access_token: string };
      const page = async (cursor: string | null) => {
        const response = await fetch(`${base}/graphql/v29`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token.access_token}` },
          body: JSON.stringify({
            query: 'query P($c: Cursor) { classes(filter: { uuids: [] }, limit: 5, cursor: $c) { objects { uuid } page_info { next_cursor } } }',
            variables: { c: cursor },
          }),
        });
        return ((await response.json()) as { data: { classes: { objects: unknown[]; page_info: { next_cursor: string | null } } } }).data.classes;
      };
      // Nothing to page, yet the old MO answered a cursor first and ended only at the empty page after it.
      const first = await page(null);
      expect(first.objects).toEqual([]);
      expect(first.page_info.next_cursor).not.toBeNull();
      expect(await page(first.page_info.next_cursor)).toEqual({ objects: [], page_info: { next_cursor: null } });
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a kind it does not know, as a usage error', async () => {
    const result = await runCli(['sim', '--dataset', join(fixture, 'dataset.json'), '--pagination', 'cursor']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--pagination must be keyset or offset, not "cursor"');
  });
});
