import { spawn, type ChildProcess } from 'node:child_process';
import { watch } from 'node:fs';
import { access, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsForSimulator } from '../../src/commands/demo-municipality.js';
import { loadDataset } from '../../src/dataset/load.js';
import { generateDataset } from '../../src/generate/generate.js';
import { setsFolderOf } from '../../src/output/file-set.js';
import { lockOutput, lockText, startOf } from '../../src/output/lock.js';
import { parseFaultSpec } from '../../src/sim/fault-spec.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { P2lError } from '../../src/util/errors.js';
import { startLatencyProxy } from '../crash/latency-proxy.js';
import { deploymentSettings, fileNames, writeSampleFiles } from '../ship/fixtures.js';
import { fingerprintOf, readableKeyPair, startSftpServer } from '../ship/servers/sftp-server.js';
import { deliveryWorld, municipality, municipalitySettings, writeSettingsFile } from '../support/delivery-world.js';
import { runCli, startCli, type CliResult } from './run-cli.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

const world = deliveryWorld();
let dir: string;
let fast: RunningSimulator;
let slow: RunningSimulator;
let large: RunningSimulator;
let largeSettings: Record<string, unknown>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await world.folders.make('interrupt');
  const dataset = await loadDataset(join(municipality, 'dataset.json'));
  fast = await startSimulator({ dataset });
  slow = await startSimulator({ dataset, faults: parseFaultSpec('latency=300ms') });
  // Files large enough that writing them takes a while.
  const generated = generateDataset({ persons: 3000, seed: 13, today: '2026-11-26' });
  large = await startSimulator({ dataset: generated });
  largeSettings = settingsForSimulator(large.url, generated);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([fast.close(), slow.close(), large.close()]);
});

/** Runs `p2l <args>` from the sources as its own process; `during(child)` may signal it. */
async function runSignalled(args: string[], during: (child: ChildProcess) => void): Promise<CliResult> {
  const { child, ended } = startCli(args);
  children.push(child);
  during(child);
  return ended;
}

const stopLine = (signal: string) =>
  `p2l: stopped by ${signal}: the requests were aborted, the unfinished files removed and the lock released; the previous files are unchanged`;

async function settingsFor(sim: RunningSimulator, name: string): Promise<string> {
  return writeSettingsFile(join(dir, `${name}.json`), await municipalitySettings(sim));
}

/** A settings file `<name>.json` for shipping as viborg to 127.0.0.1, with the history in `<name>-history`. */
function shipSettingsFile(name: string, shipping: Record<string, unknown>): Promise<string> {
  return writeSettingsFile(
    join(dir, `${name}.json`),
    deploymentSettings({
      'exporters.plan2learn.state_dir': join(dir, `${name}-history`),
      'exporters.plan2learn.host': '127.0.0.1',
      'exporters.plan2learn.user': 'viborg',
      ...shipping,
    }),
  );
}

/** The contents of every file in the output folder, and the names of the sets beside it. */
async function snapshotOf(out: string): Promise<{ files: Record<string, string>; sets: string[] }> {
  const names = (await readdir(out)).sort();
  const files = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(join(out, name), 'utf8')] as const)));
  return { files, sets: (await readdir(setsFolderOf(out))).sort() };
}

/** Starts `p2l export` against the slow simulator, sends `signal` once its first GraphQL request has arrived, and waits for the end. */
async function interruptedExport(out: string, signal: NodeJS.Signals): Promise<CliResult> {
  const settings = await settingsFor(slow, `slow-${signal}`);
  const before = slow.stats.graphqlRequests;
  const { child, ended } = startCli(['export', '--settings', settings, '--out', out, '--today', '2026-11-26', '--quiet']);
  children.push(child);
  const started = Date.now();
  while (slow.stats.graphqlRequests === before) {
    if (Date.now() - started > 30_000) throw new Error('no GraphQL request in 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // The lock is held while the run reads.
  expect(await exists(`${out}.lock`)).toBe(true);
  child.kill(signal);
  return ended;
}

describe('SIGTERM and SIGINT (issue 13)', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} stops the run: exit ${code}, the summary line with status=failed, no lock, no unfinished set, the previous set untouched`, async () => {
      const out = join(dir, `out-${signal}`);
      const first = await runCli(['export', '--settings', await settingsFor(fast, 'fast'), '--out', out, '--today', '2026-11-26', '--quiet']);
      expect(first.code).toBe(0);
      const previous = await snapshotOf(out);
      expect(Object.keys(previous.files)).toHaveLength(5);

      const run = await interruptedExport(out, signal);
      expect(run.code).toBe(code);
      expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^p2l: status=failed exit=${code} command=export duration=\\d+(\\.\\d)?s$`));
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        `p2l: stopped by ${signal}: the requests were aborted, the unfinished files removed and the lock released; the previous files are unchanged`,
      ]);
      expect(await exists(`${out}.lock`)).toBe(false);
      expect(await snapshotOf(out)).toEqual(previous);
    });
  }
});

describe('the output lock names its holder by more than a process id', () => {
  it('takes over, with a warning, a lock of a dead process whose process id is now ours (process 1 of the next container)', async () => {
    const out = join(dir, 'reused-pid');
    const mine = startOf(process.pid);
    expect(mine).toMatch(/^[0-9a-f-]+\/\d+$/);
    const [boot, ticks] = (mine ?? '').split('/');
    await writeFile(`${out}.lock`, lockText({ pid: process.pid, started: `${boot}/${Number(ticks) - 1}` }));
    const warnings: string[] = [];
    const lock = await lockOutput(out, (line) => warnings.push(line));
    expect(warnings).toEqual([`warning: taking over ${out}.lock, left by process ${process.pid} which no longer runs`]);
    expect(await readFile(`${out}.lock`, 'utf8')).toBe(`${process.pid}\nstarted ${mine}\n`);
    await lock.release();
    expect(await exists(`${out}.lock`)).toBe(false);
  });

  it('a lock of a process that still runs (its real start) blocks with the one line naming it', async () => {
    const out = join(dir, 'live-pid');
    await writeFile(`${out}.lock`, lockText({ pid: process.pid, started: startOf(process.pid) }));
    const error = await lockOutput(out, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    expect((error as Error).message).toBe(
      `another p2l run (process ${process.pid}) is writing ${out}: wait for it to finish, or remove ${out}.lock if that process is not p2l`,
    );
    expect(await readFile(`${out}.lock`, 'utf8')).toBe(`${process.pid}\nstarted ${startOf(process.pid)}\n`);
  });
});

describe('p2l ship takes the output lock', () => {
  it('is refused while another live process holds the lock on the folder it ships from: exit 1, the lock line', async () => {
    const from = join(dir, 'ship-from');
    await writeSampleFiles(from);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(holder);
    await new Promise((resolve) => holder.once('spawn', resolve));
    const pid = holder.pid ?? 0;
    await writeFile(`${from}.lock`, lockText({ pid, started: startOf(pid) }));
    const settings = await shipSettingsFile('ship', { 'exporters.plan2learn.port': 9, 'exporters.plan2learn.password': 'not-used' });
    const run = await runCli(['ship', '--settings', settings, '--from', from]);
    holder.kill('SIGKILL');
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `p2l: another p2l run (process ${pid}) is writing ${from}: wait for it to finish, or remove ${from}.lock if that process is not p2l`,
    ]);
    expect(run.stdout).toMatch(/^p2l: status=failed exit=1 command=ship duration=\d+(\.\d)?s\n$/);
    expect(await exists(`${from}.lock`)).toBe(true);
  });
});

describe('SIGTERM while the files are written (issue 13, point 6)', () => {
  it('removes the half-written set, releases the lock, prints the summary with status=failed and exits 143', async () => {
    const out = join(dir, 'out-writing');
    const settings = await writeSettingsFile(join(dir, 'large.json'), largeSettings);
    const args = ['export', '--settings', settings, '--out', out, '--today', '2026-11-26', '--quiet'];
    expect((await runCli(args)).code).toBe(0);
    const previous = await snapshotOf(out);

    // The run is stopped (SIGSTOP) the moment its new set appears, so SIGTERM reaches it while it writes.
    const run = await runSignalled(args, (child) => {
      const watcher = watch(setsFolderOf(out), (_event, name) => {
        if (name === null || previous.sets.includes(name)) return;
        watcher.close();
        child.kill('SIGSTOP');
        child.kill('SIGTERM');
        child.kill('SIGCONT');
      });
      child.on('close', () => watcher.close());
    });
    expect(run.code).toBe(143);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^p2l: status=failed exit=143 command=export duration=\d+(\.\d)?s$/);
    expect(run.stderr.trimEnd().split('\n')).toEqual([stopLine('SIGTERM')]);
    expect(await exists(`${out}.lock`)).toBe(false);
    expect(await snapshotOf(out)).toEqual(previous);
  });
});

/**
 * A server of each protocol, behind a relay that holds back each of its replies 150 ms, so an upload is in flight long enough
 * to be cut; both are closed after the tests.
 */
interface SlowServer {
  remote: string;
  settings: Record<string, unknown>;
}

const slowServers: Record<'ftpes' | 'sftp', () => Promise<SlowServer>> = {
  ftpes: async () => {
    const { server, root } = await world.ftpes('ship-password');
    const proxy = world.keep(await startLatencyProxy(server, 150));
    const { caFile } = await world.trust();
    return { remote: root, settings: { 'exporters.plan2learn.port': proxy.port, 'exporters.plan2learn.ca_file': caFile } };
  },
  sftp: async () => {
    const hostKey = readableKeyPair();
    const remote = await world.folders.make('remote');
    const server = world.keep(await startSftpServer({ root: remote, user: 'viborg', password: 'ship-password', hostKey: hostKey.private }));
    const proxy = world.keep(await startLatencyProxy(server, 150));
    return {
      remote,
      settings: {
        'exporters.plan2learn.protocol': 'sftp',
        'exporters.plan2learn.port': proxy.port,
        'exporters.plan2learn.host_key': fingerprintOf(hostKey.public),
      },
    };
  },
};

describe('SIGTERM while shipping (issue 13, point 6)', () => {
  for (const protocol of ['ftpes', 'sftp'] as const) {
    it(`${protocol}: cuts the transfer in flight and exits 143 at once; the next delivery removes the temporary file it left`, async () => {
      await interruptedShip(protocol, await slowServers[protocol]());
    });
  }
});

async function interruptedShip(protocol: string, { remote, settings: serverSettings }: SlowServer): Promise<void> {
  const from = join(dir, `ship-interrupted-${protocol}`);
  await writeSampleFiles(from);
  const settings = await shipSettingsFile(`ship-interrupted-${protocol}`, { 'exporters.plan2learn.password': 'ship-password', ...serverSettings });
  let signalled = 0;
  const run = await runSignalled(['ship', '--settings', settings, '--from', from], (child) => {
    // SIGTERM as soon as the first upload has begun on the server.
    const poll = setInterval(() => {
      void readdir(remote).then((names) => {
        if (signalled > 0 || !names.some((name) => name.endsWith('.part'))) return;
        signalled = Date.now();
        clearInterval(poll);
        child.kill('SIGTERM');
      });
    }, 5);
    child.on('close', () => clearInterval(poll));
  });
  const stoppedIn = Date.now() - signalled;
  expect(signalled).toBeGreaterThan(0);
  expect(run.code).toBe(143);
  expect(stoppedIn).toBeLessThan(3_000);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines.at(-1)).toBe(stopLine('SIGTERM'));
  // Nothing retried or cleaned up on a fresh connection once stopped: that is the next delivery's work.
  expect(lines.filter((line) => /try \d+ of|could not remove|in place/.test(line))).toEqual([]);
  expect(run.stdout).toMatch(/^p2l: status=failed exit=143 command=ship duration=\d+(\.\d)?s\n$/);
  expect(await exists(`${from}.lock`)).toBe(false);
  expect((await readdir(remote)).filter((name) => name.endsWith('.part'))).toHaveLength(1);

  const next = await runCli(['ship', '--settings', settings, '--from', from]);
  expect(next.code, next.stderr).toBe(0);
  expect(next.stderr).toContain('removed 1 temporary file an interrupted delivery left in the login folder');
  expect((await readdir(remote)).sort()).toEqual([...fileNames].sort());
}
