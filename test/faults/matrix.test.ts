/**
 * The fault matrix: the real CLI against a simulator that injects each
 * fault kind, over both backends. A transient fault (a rate the retries
 * overcome) still gives the golden files byte for byte; a persistent one
 * (rate 1, a token endpoint down for longer than the retries or the
 * deadline) gives exit 1, one line naming the server, the last problem and
 * the tries, and no CSV file. All runs go at once in beforeAll (each is
 * mostly waiting), then each row is checked on its own.
 */
import pLimit from 'p-limit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InjectedFaults } from '../../src/sim/server.js';
import { backends, csvFilesIn, exportWithFaults, goldenFiles, type Backend, type FaultRun } from './harness.js';

interface TransientCase {
  faults: string;
  backends: readonly Backend[];
  /** Each must have been injected at least once (and was overcome). */
  injected: readonly (keyof InjectedFaults)[];
  /** At least this many faults of any kind were injected. */
  injectedTotal?: number;
  settings?: Record<string, unknown>;
}

interface PersistentCase {
  faults: string;
  backends: readonly Backend[];
  /** The line on stderr (after "p2l: "), for the simulator at `url`. */
  message: (url: string, backend: Backend) => string | RegExp;
  settings?: Record<string, unknown>;
}

const both = backends;
const statuses = ['500', '502', '503', '429'] as const;

const transient: readonly TransientCase[] = [
  // Down for 2 s from the first token request, while 7 tries from 100 ms doubling span at least 6.3 s.
  { faults: 'token-down=2s', backends: ['mo'], injected: ['token-down'], settings: { 'exporters.plan2learn.retry_first_delay_ms': 100 } },
  { faults: '500=0.1,502=0.1,503=0.1,429=0.1,retry-after=0,seed=11', backends: both, injected: statuses },
  { faults: 'reset=0.3,seed=12', backends: both, injected: ['reset'] },
  { faults: 'truncate=0.3,seed=13', backends: both, injected: ['truncate'] },
  { faults: 'internal=0.3,seed=14', backends: ['mo'], injected: ['internal'] },
  { faults: 'mixed=0.5,retry-after=0,latency=0-20ms,seed=15', backends: ['mo'], injected: [], injectedTotal: 5 },
  { faults: 'token-lifetime=1s,latency=30ms', backends: ['mo'], injected: [] },
];

const servers: Record<Backend, (url: string) => string> = {
  mo: (url) => `MO at ${url}/graphql/v29`,
  lora: (url) => `LoRa at ${url}/lora`,
};
const firstRequest: Record<Backend, string> = { mo: 'Units', lora: '/klassifikation/facet' };
const reachable = 'is it up and reachable from here?';
const keycloak = (url: string) => `Keycloak at ${url}/auth/realms/mo/protocol/openid-connect/token`;
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const deadline = "the run's deadline of 3 s (exporters.plan2learn.deadline_minutes) passed";
const threeSecondDeadline = { 'exporters.plan2learn.deadline_minutes': 0.05 };

/** The line when all 7 tries failed, the last one with `last` (a pattern when it is a RegExp). */
const sevenTries =
  (last: (backend: Backend) => string | RegExp, hint = reachable) =>
  (url: string, backend: Backend): string | RegExp => {
    const lastText = last(backend);
    const head = `${servers[backend](url)} failed 7 tries (last: `;
    if (typeof lastText === 'string') return `${head}${lastText}): ${hint}`;
    return new RegExp(`^${escaped(head)}${lastText.source}\\): ${escaped(hint)}$`);
  };

const persistent: readonly PersistentCase[] = [
  ...statuses.map((status, i): PersistentCase => ({
    faults: `${status}=1,retry-after=0`,
    backends: [both[i % 2] ?? 'mo'],
    message: sevenTries(() => `HTTP ${status}`),
  })),
  // undici names a connection closed mid-answer UND_ERR_SOCKET; a reset that wins the race, ECONNRESET.
  { faults: 'reset=1', backends: both, message: sevenTries(() => /connection (closed early \(UND_ERR_SOCKET\)|reset \(ECONNRESET\))/) },
  {
    faults: 'truncate=1',
    backends: both,
    // V8's words for the parse error depend on where the cut falls, and on its version.
    message: sevenTries((backend) => new RegExp(`answered ${escaped(firstRequest[backend])} with damaged JSON \\(.+\\)`)),
  },
  {
    faults: 'internal=1',
    backends: ['mo'],
    message: sevenTries(() => 'answered Units with "Internal Server Error" at org_units', "is MO up and well? MO's log says what failed"),
  },
  {
    faults: 'latency=3s',
    backends: ['mo'],
    settings: { 'exporters.plan2learn.retries': 1, 'exporters.plan2learn.request_timeout_seconds': 1 },
    message: (url) => `${servers.mo(url)} failed 2 tries (last: no answer within 1 s): ${reachable}`,
  },
  { faults: 'token-down=600s', backends: ['mo'], message: (url) => `${keycloak(url)} failed 7 tries (last: HTTP 503): ${reachable}` },
  {
    faults: 'token-down=600s',
    backends: ['lora'],
    settings: { ...threeSecondDeadline, 'exporters.plan2learn.retries': 20, 'exporters.plan2learn.retry_first_delay_ms': 100 },
    message: (url) => new RegExp(`^${escaped(keycloak(url))} failed \\d+ tries \\(last: HTTP 503\\) and ${escaped(deadline)}: ${escaped(reachable)}$`),
  },
  {
    faults: 'latency=20s',
    backends: ['mo'],
    settings: threeSecondDeadline,
    message: (url, backend) => `${servers[backend](url)} gave no answer before ${deadline}: ${reachable}`,
  },
  {
    faults: 'token-lifetime=0',
    backends: ['mo'],
    // A token refused even when just fetched, in current MO's words (tests/graphapi/test_healths.py).
    message: (url, backend) =>
      `${servers[backend](url)} refused a token just fetched from ${keycloak(url)} for client "dipex" (${firstRequest[backend]}: "User is not authenticated"): ` +
      "check that crontab.AUTH_SERVER and the realm are the Keycloak MO trusts, that the client is enabled there, and MO's and Keycloak's clocks",
  },
];

/** One row per case and backend, named and keyed uniquely. */
const rows = <T extends { faults: string; backends: readonly Backend[] }>(prefix: string, cases: readonly T[]) =>
  cases.flatMap((row, i) => row.backends.map((backend) => ({ ...row, backend, name: `${row.faults} over ${backend}`, key: `${prefix}${i} ${backend}` })));

const transientRows = rows('t', transient);
const persistentRows = rows('p', persistent);

describe('the fault matrix: p2l export against a faulty simulator', () => {
  const runs = new Map<string, FaultRun>();
  let golden: Record<string, string>;

  beforeAll(async () => {
    golden = await goldenFiles();
    const limit = pLimit(6);
    await Promise.all([...transientRows, ...persistentRows].map((row) => limit(async () => runs.set(row.key, await exportWithFaults(row)))));
  }, 120_000);

  const runOf = (key: string): FaultRun => {
    const run = runs.get(key);
    if (!run) throw new Error(`no run for ${key}`);
    return run;
  };

  it.each(transientRows)('overcomes $name: the golden files, byte for byte', async (row) => {
    const run = runOf(row.key);
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);
    expect(await run.files()).toEqual(golden);
    for (const kind of row.injected) expect(run.injected[kind], `${kind} injected`).toBeGreaterThan(0);
    const total = Object.values(run.injected).reduce((sum, n) => sum + n, 0);
    expect(total).toBeGreaterThanOrEqual(row.injectedTotal ?? 0);
  });

  it.each(persistentRows)('fails on $name: exit 1, one line, no CSV', async (row) => {
    const run = runOf(row.key);
    const expected = row.message(run.url, row.backend);
    const line = run.result.stderr.replace(/^p2l: /, '').replace(/\n$/, '');
    expect(run.result.stderr.startsWith('p2l: ') && run.result.stderr.endsWith('\n')).toBe(true);
    expect(line).not.toContain('\n');
    if (typeof expected === 'string') expect(line).toBe(expected);
    else expect(line).toMatch(expected);
    expect(run.result.code).toBe(1);
    expect(await csvFilesIn(run.out)).toEqual([]);
  });
});
