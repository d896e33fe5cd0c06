import { watch, type FSWatcher } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Client } from 'basic-ftp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoDataset, settingsForSimulator } from '../../src/commands/demo-municipality.js';
import { sha256 } from '../../src/delivery/history.js';
import { markerOf, setsFolderOf } from '../../src/output/file-set.js';
import { isAtomicTemporaryName } from '../../src/util/files.js';
import { parseFaultSpec } from '../../src/sim/fault-spec.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { packageRoot } from '../../src/util/paths.js';
import { describeWithInput } from '../support/required-input.js';
import { vsftpd, vsftpdInput } from '../support/vsftpd.js';
import { builtCli, startCli, type Ended, type RunningCli } from './child.js';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.js';
import {
  fileNames,
  historyState,
  localState,
  readFiveFiles,
  remoteState,
  whichSet,
  type FileSet,
  type HistoryState,
  type LocalState,
  type RemoteState,
} from './world.js';

/**
 * The crash test (issue 13): `p2l export --ship`, the built CLI, is killed
 * with SIGKILL at many instants spread over fetching (from a simulator on
 * 127.0.0.1), writing the set, checking it, uploading and renaming on a
 * real vsftpd (`eval "$(bash .ci/ftp/start-vsftpd.sh)"`), and recording the
 * delivery. After every kill the state it left is checked, then the same
 * export runs again, with no manual step, and must leave: the new set
 * locally (whole), exactly its five files on the server and no leftovers,
 * and a history whose newest delivery is what the server holds.
 *
 * To make the phases long enough to be hit, the simulator answers each
 * request after 30 ms and the FTP control connection goes through a relay
 * that holds back each of the server's replies (latency-proxy.ts); a kill
 * at an FTP instant happens just before a given reply reaches p2l. Runs
 * alternate between two days (`--today`), whose sets differ, so "the
 * previous set or the new one" is a real distinction.
 *
 * It runs the built CLI (`npm run build` first). About 37 kills and as many
 * reruns take 5 minutes on a busy 2-core machine; P2L_CRASH_TIMEOUT_S
 * overrides the 400 s limit, and P2L_CRASH_TRACE=1 prints each instant.
 */
const env = vsftpd;

/** The folder of this test on the server, below the login folder, so the other vsftpd tests (run in parallel) are not disturbed. */
const remoteDirName = 'p2l-crash-test';
const days = ['2026-11-26', '2027-02-15'] as const;
const replyDelayMs = 12;
const simLatency = 'latency=30ms';

type Phase = 'fetching' | 'writing' | 'checking' | 'uploading' | 'renaming' | 'recording';
const phases: readonly Phase[] = ['fetching', 'writing', 'checking', 'uploading', 'renaming', 'recording'];

/** When to kill, in terms the test can watch. */
type Instant =
  | { at: 'request'; n: number }
  | { at: 'set-made'; afterMs: number }
  | { at: 'summary'; afterMs: number }
  | { at: 'reply'; connection: number; reply: number }
  | { at: 'rename'; renamed: number; reply: number }
  | { at: 'history-temp' };

function describeInstant(instant: Instant): string {
  switch (instant.at) {
    case 'request':
      return `GraphQL request ${instant.n} arrives`;
    case 'set-made':
      return `new set made + ${instant.afterMs} ms`;
    case 'summary':
      return `summary printed + ${instant.afterMs} ms`;
    case 'reply':
      return `before FTP reply ${instant.reply} on connection ${instant.connection}`;
    case 'rename':
      return `before reply ${instant.reply} after ${instant.renamed} files in place`;
    case 'history-temp':
      return 'history entry begun';
  }
}

interface Outcome {
  instant: string;
  phase: Phase;
  local: string;
  remote: string;
  leftovers: number;
  staleLock: boolean;
  unfinishedSet: boolean;
  historyTemp: boolean;
  rerunExit: number | null;
}

/** P2L_CRASH_TRACE=1 prints each instant as it is done. */
const trace = (line: string) => {
  if (process.env['P2L_CRASH_TRACE']) process.stderr.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`);
};

describeWithInput(vsftpdInput, 'p2l export --ship killed with SIGKILL at any instant (issue 13)', () => {
  let dir: string;
  let sim: RunningSimulator;
  let proxy: LatencyProxy;
  let settingsFile: string;
  let out: string;
  let stateDir: string;
  const remoteDir = join(env.home ?? '', remoteDirName);
  const known = new Map<string, FileSet>();

  beforeAll(async () => {
    const built = await stat(builtCli).catch(() => {
      throw new Error(`${builtCli} is missing: run npm run build first`);
    });
    const newestSource = await newestModification(join(packageRoot, 'src'));
    if (newestSource > built.mtimeMs) throw new Error(`${builtCli} is older than the sources in src/: run npm run build first`);
    dir = await mkdtemp(join(tmpdir(), 'p2l-crash-'));
    const dataset = demoDataset(days[0]);
    sim = await startSimulator({ dataset, faults: parseFaultSpec(simLatency) });
    proxy = await startLatencyProxy({ host: env.host, port: Number(env.port) }, replyDelayMs);
    await emptyRemoteFolder();
    out = join(dir, 'out');
    stateDir = join(dir, 'history');
    settingsFile = join(dir, 'settings.json');
    await writeFile(
      settingsFile,
      JSON.stringify({
        ...settingsForSimulator(sim.url, dataset),
        'exporters.plan2learn.host': '127.0.0.1',
        'exporters.plan2learn.port': proxy.port,
        'exporters.plan2learn.user': env.user,
        'exporters.plan2learn.password': env.password,
        'exporters.plan2learn.ca_file': env.caFile,
        'exporters.plan2learn.remote_dir': remoteDirName,
        'exporters.plan2learn.state_dir': stateDir,
        'exporters.plan2learn.history_keep': 1000,
        // The two days' sets differ in who is employed; the guard is not what this test is about.
        'exporters.plan2learn.deletion_guard_percent': 100,
        'exporters.plan2learn.deletion_guard_count': 1_000_000,
      }),
      { mode: 0o600 },
    );
  });

  afterAll(async () => {
    await Promise.all([sim?.close(), proxy?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function emptyRemoteFolder(): Promise<void> {
    const client = new Client(10_000);
    try {
      await client.access({
        host: env.host,
        port: Number(env.port),
        user: env.user ?? '',
        password: env.password ?? '',
        secure: true,
        secureOptions: { ca: await readFile(env.caFile ?? ''), host: env.host },
      });
      await client.ensureDir(remoteDirName);
      await client.clearWorkingDir();
    } finally {
      client.close();
    }
  }

  const exportArgs = (day: string, target = out) => ['export', '--settings', settingsFile, '--out', target, '--today', day, '--ship'];

  /** Starts the export and kills it at `instant`; returns how it ended. */
  async function killedRun(day: string, instant: Instant): Promise<{ ended: Ended; killed: boolean; connections: number }> {
    const watchers: FSWatcher[] = [];
    const timers: NodeJS.Timeout[] = [];
    proxy.reset();
    const requestsBefore = sim.stats.graphqlRequests;
    const setsBefore = new Set((await localState(out)).sets);
    const run: RunningCli = startCli(exportArgs(day));
    const killAfter = (ms: number) => (ms === 0 ? run.kill() : timers.push(setTimeout(run.kill, ms)));
    let fired = false;
    const once = (fire: () => void) => {
      if (fired) return;
      fired = true;
      fire();
    };
    switch (instant.at) {
      case 'request':
        timers.push(setInterval(() => sim.stats.graphqlRequests - requestsBefore >= instant.n && once(run.kill), 1));
        break;
      case 'set-made':
        watchers.push(watch(setsFolderOf(out), (_event, name) => name !== null && !setsBefore.has(name) && once(() => killAfter(instant.afterMs))));
        break;
      case 'summary':
        run.child.stdout?.once('data', () => once(() => killAfter(instant.afterMs)));
        break;
      case 'reply':
        proxy.beforeReply = (connection, reply) => connection === instant.connection && reply === instant.reply && once(run.kill);
        break;
      case 'rename': {
        // Counted from the moment p2l says the k-th file is in place: its next command's reply is still held back by the relay.
        let from: { connection: number; reply: number } | undefined;
        run.child.stderr?.on('data', () => {
          if (from === undefined && inPlaceCount(run.stderr()) >= instant.renamed)
            from = { connection: proxy.connections(), reply: proxy.repliesOn(proxy.connections()) };
        });
        proxy.beforeReply = (connection, reply) => from?.connection === connection && reply === from.reply + instant.reply && once(run.kill);
        break;
      }
      case 'history-temp':
        watchers.push(watch(stateDir, (_event, name) => name?.startsWith('.tmp-') === true && once(run.kill)));
        break;
    }
    const started = Date.now();
    const ended = await run.ended;
    trace(`${describeInstant(instant)}: ${Date.now() - started} ms, ${ended.signal ?? `exit ${String(ended.code)}`}`);
    proxy.beforeReply = undefined;
    for (const timer of timers) clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
    return { ended, killed: run.killed() && ended.signal === 'SIGKILL', connections: proxy.connections() };
  }

  async function cleanRun(day: string, target = out): Promise<Ended> {
    proxy.reset();
    const started = Date.now();
    const ended = await startCli(exportArgs(day, target)).ended;
    trace(`clean run --today ${day}: ${Date.now() - started} ms, exit ${String(ended.code)}`);
    expect(ended.code, `clean export --today ${day}:\n${ended.stderr}`).toBe(0);
    return ended;
  }

  /** The phase a killed run had reached, from what it printed and left. */
  function phaseReached(ended: Ended, connections: number, before: LocalState, after: LocalState, historyGrew: boolean): Phase {
    const lines = ended.stderr.split('\n');
    const uploaded = lines.filter((line) => / bytes uploaded as \.\S+\.part/.test(line)).length;
    const inPlace = inPlaceCount(ended.stderr);
    if (historyGrew || inPlace === fileNames.length) return 'recording';
    if (uploaded === fileNames.length) return 'renaming';
    if (connections > 0) return 'uploading';
    if (ended.stdout !== '') return 'checking';
    const newSet = after.sets.some((name) => !before.sets.includes(name));
    if (newSet || after.target !== before.target) return 'writing';
    return 'fetching';
  }

  it(
    'every kill leaves a whole set locally and on the server, and the next run needs no manual step',
    { timeout: Number(process.env['P2L_CRASH_TIMEOUT_S'] ?? 400) * 1000 },
    async () => {
      // The first delivery, of the second day, then one of the first: every kill then finds a previous set everywhere.
      // Their files are the two days' sets, for telling the previous set from the new one byte for byte.
      await cleanRun(days[1]);
      known.set(days[1], (await readFiveFiles(out)) as FileSet);
      const firstReplies = Array.from({ length: proxy.connections() }, (_, index) => proxy.repliesOn(index + 1));
      expect(firstReplies, 'five upload connections and one for the renames').toHaveLength(fileNames.length + 1);
      const requests = sim.stats.graphqlRequests;
      sim.resetStats();
      await cleanRun(days[0]);
      // How TLS records fall into chunks varies from run to run: the fewer replies of the two runs.
      const replies = firstReplies.map((count, index) => Math.min(count, proxy.repliesOn(index + 1)));
      const requestsPerRun = sim.stats.graphqlRequests;
      known.set(days[0], (await readFiveFiles(out)) as FileSet);
      const [a, b] = days.map((day) => known.get(day) as FileSet);
      for (const name of ['bruger.csv', 'engagement.csv'] as const) expect(a?.[name]?.equals(b?.[name] ?? Buffer.alloc(0)), name).toBe(false);
      expect(requestsPerRun, `requests per run (first ${requests})`).toBeGreaterThan(3);

      const plan = killPlan(requestsPerRun, replies);
      expect(plan.length).toBeGreaterThanOrEqual(30);
      const outcomes: Outcome[] = [];
      let current: string = days[0];
      for (const [index, instant] of plan.entries()) {
        const day = days[(index + 1) % 2] as string;
        const label = `instant ${index + 1} (${describeInstant(instant)}, --today ${day})`;
        const before = await localState(out);
        const historyBefore = await historyState(stateDir);
        expect(whichSet(before.files, known), label).toBe(current);

        const { ended, killed, connections } = await killedRun(day, instant);
        if (!killed) {
          // The run finished before the instant came: a clean run, nothing to check but its exit.
          expect(ended.code, `${label} ran to the end:\n${ended.stderr}`).toBe(0);
          current = day;
          continue;
        }
        const local = await localState(out);
        const remote = await remoteState(remoteDir);
        const history = await historyState(stateDir);
        const historyGrew = history.entries.length > historyBefore.entries.length;
        const phase = phaseReached(ended, connections, before, local, historyGrew);
        const where = `${label}, killed while ${phase}`;
        checkAfterKill(where, phase, { previous: current, next: day }, local, remote, history);

        const rerunStarted = Date.now();
        const rerun = await startCli(exportArgs(day)).ended;
        trace(`${where}: rerun ${Date.now() - rerunStarted} ms, exit ${String(rerun.code)}`);
        expect(rerun.code, `${where}: the next run failed:\n${rerun.stderr}`).toBe(0);
        const unexpected = rerun.stderr.split('\n').filter((line) => line.startsWith('p2l: ') && !line.startsWith('p2l: warning: taking over '));
        expect(unexpected, `${where}: the next run's errors and warnings`).toEqual([]);
        if (remote.leftovers.length > 0) {
          expect(rerun.stderr, where).toContain(
            `removed ${remote.leftovers.length} temporary file${remote.leftovers.length === 1 ? '' : 's'} an interrupted delivery left in ${remoteDirName}`,
          );
        }
        await checkAfterRerun(where, day, local, history.entries.length);
        current = day;
        outcomes.push({
          instant: describeInstant(instant),
          phase,
          local: whichSet(local.files, known) === day ? 'new' : 'previous',
          remote: remoteLabel(whichSet(remote.files, known), day),
          leftovers: remote.leftovers.length,
          staleLock: local.lock,
          unfinishedSet: local.sets.some((name) => !before.sets.includes(name) && join(setsFolderOf(out), name) !== local.target && !name.endsWith('.p2l-set')),
          historyTemp: history.others.some((name) => name.startsWith('.tmp-')),
          rerunExit: rerun.code,
        });
      }

      console.log(outcomeTable(outcomes));
      expect(outcomes.length, 'instants killed').toBeGreaterThanOrEqual(30);
      for (const phase of ['fetching', 'writing', 'uploading', 'renaming'] as const) {
        expect(outcomes.filter((outcome) => outcome.phase === phase).length, `instants killed while ${phase}`).toBeGreaterThanOrEqual(3);
      }
    },
  );

  /** What a kill may leave: the previous set or the new one, each whole; on the server a mix only between the renames; leftovers only of p2l's own form. */
  function checkAfterKill(
    where: string,
    phase: Phase,
    sets: { previous: string; next: string },
    local: LocalState,
    remote: RemoteState,
    history: HistoryState,
  ): void {
    const localSet = whichSet(local.files, known);
    const switched = phases.indexOf(phase) >= phases.indexOf('checking');
    expect(localSet, `${where}: the local set`).toBe(
      phase === 'fetching' ? sets.previous : switched ? sets.next : localSet === sets.next ? sets.next : sets.previous,
    );
    // Only while checking may a delta.json being written leave its temporary file (removed by the next run, see checkAfterRerun).
    const extra = local.names.filter((name) => !fileNames.includes(name) && name !== 'delta.json');
    expect(
      extra.filter((name) => !(phase === 'checking' && isAtomicTemporaryName(name))),
      `${where}: local extra files`,
    ).toEqual([]);
    const remoteSet = whichSet(remote.files, known);
    const expectedRemote = phase === 'renaming' ? [sets.previous, sets.next, 'mixed'] : phase === 'recording' ? [sets.next] : [sets.previous];
    expect(expectedRemote, `${where}: the server holds ${remoteSet}`).toContain(remoteSet);
    expect(remote.others, `${where}: other names on the server`).toEqual([]);
    const historySet = history.newest ? whichSet(history.newest.files, known) : 'none';
    expect([sets.previous, sets.next], `${where}: the newest delivery kept`).toContain(historySet);
    // The history never claims a delivery the server does not hold whole.
    if (historySet === sets.next) expect(remoteSet, `${where}: the server, with the delivery kept`).toBe(sets.next);
  }

  async function checkAfterRerun(where: string, day: string, killed: LocalState, entriesAfterKill: number): Promise<void> {
    const local = await localState(out);
    expect(whichSet(local.files, known), `${where}: the local set after the next run`).toBe(day);
    expect(local.lock, `${where}: the lock after the next run`).toBe(false);
    expect(local.strayLinks, `${where}: temporary links beside --out`).toEqual([]);
    const keep = new Set(
      [local.target, killed.target].filter((path): path is string => path !== undefined).flatMap((path) => [basename(path), basename(markerOf(path))]),
    );
    expect(
      local.sets.filter((name) => !keep.has(name)),
      `${where}: sets kept beside --out besides the current and the previous`,
    ).toEqual([]);
    for (const set of [local.target, killed.target]) {
      if (set !== undefined)
        expect(
          (await readdir(set).catch(() => [])).filter((name) => isAtomicTemporaryName(name)),
          `${where}: temporary files left in ${basename(set)}`,
        ).toEqual([]);
    }
    const remote = await remoteState(remoteDir);
    expect(whichSet(remote.files, known), `${where}: the server after the next run`).toBe(day);
    expect([...remote.leftovers, ...remote.others], `${where}: leftovers on the server after the next run`).toEqual([]);
    const history = await historyState(stateDir);
    expect(history.others, `${where}: anything but deliveries in the history folder`).toEqual([]);
    expect(history.entries, `${where}: deliveries kept`).toHaveLength(entriesAfterKill + 1);
    const newest = history.newest;
    expect(newest && whichSet(newest.files, known), `${where}: the newest delivery kept`).toBe(day);
    expect(newest?.manifest.folder, where).toBe(remoteDirName);
    for (const name of fileNames) {
      expect(newest?.manifest.files[name]?.sha256, `${where}: ${name} in the manifest vs on the server`).toBe(sha256(remote.files[name] ?? Buffer.alloc(0)));
    }
  }
});

/**
 * The newest modification time of a source file in `folder` and below, in
 * ms; src/generated is left out, since CI's freshness check regenerates it
 * unchanged after the build.
 */
async function newestModification(folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const sources = entries.filter((entry) => entry.isFile() && !join(entry.parentPath, entry.name).includes(`${join('src', 'generated')}`));
  const times = await Promise.all(sources.map(async (entry) => (await stat(join(entry.parentPath, entry.name))).mtimeMs));
  return Math.max(0, ...times);
}

function inPlaceCount(stderr: string): number {
  return stderr.split('\n').filter((line) => /^\S+\.csv: in place$/.test(line)).length;
}

function remoteLabel(set: string, day: string): string {
  if (set === 'mixed') return 'mixed';
  return set === day ? 'new' : 'previous';
}

/**
 * At least 30 instants, spread over every phase: each GraphQL request's
 * arrival; the new set's first appearance plus a few milliseconds; the
 * summary line (written, switched) plus a delay; replies spread over each
 * upload connection (log in, the sweep for leftovers, STOR, SIZE) and over
 * the rename connection, most of them between its renames; the history
 * entry begun.
 */
function killPlan(requestsPerRun: number, replies: readonly number[]): Instant[] {
  const fetching: Instant[] = Array.from({ length: Math.min(requestsPerRun, 6) }, (_, index) => ({
    at: 'request',
    n: 1 + Math.floor((index * requestsPerRun) / Math.min(requestsPerRun, 6)),
  }));
  const writing: Instant[] = [0, 0, 1, 2, 4].map((afterMs) => ({ at: 'set-made', afterMs }));
  const checking: Instant[] = [0, 15, 40].map((afterMs) => ({ at: 'summary', afterMs }));
  // Within the first 70% of a connection's replies: how TLS records fall into chunks varies, and with it a run's count.
  const spread = (count: number, picks: number): number[] => [
    ...new Set(Array.from({ length: picks }, (_, index) => 1 + Math.floor(((index + 0.5) * count * 0.7) / picks))),
  ];
  const uploading: Instant[] = replies
    .slice(0, fileNames.length)
    .flatMap((count, index) => spread(count, index === 0 ? 4 : 2).map((reply) => ({ at: 'reply' as const, connection: index + 1, reply })));
  const renames = replies.at(-1) ?? 0;
  // Two kills in the rename connection's log-in; then, after k files are in place, before the reply to RNFR (reply 1) and
  // to RNTO (reply 2) of the next file: the server has renamed k files, or k + 1 of which p2l has seen k.
  const renaming: Instant[] = [
    ...spread(renames - 10, 2).map((reply): Instant => ({ at: 'reply', connection: replies.length, reply })),
    ...[1, 2, 3, 4].flatMap((renamed) => [1, 2].map((reply): Instant => ({ at: 'rename', renamed, reply }))),
  ];
  const recording: Instant[] = [{ at: 'history-temp' }];
  return [...fetching, ...writing, ...checking, ...uploading, ...renaming, ...recording];
}

function outcomeTable(outcomes: readonly Outcome[]): string {
  const rows = phases.map((phase) => {
    const of = outcomes.filter((outcome) => outcome.phase === phase);
    const count = (test: (outcome: Outcome) => boolean) => of.filter(test).length;
    return [
      phase,
      of.length,
      `${count((o) => o.local === 'previous')}/${count((o) => o.local === 'new')}`,
      `${count((o) => o.remote === 'previous')}/${count((o) => o.remote === 'mixed')}/${count((o) => o.remote === 'new')}`,
      count((o) => o.leftovers > 0),
      count((o) => o.staleLock),
      count((o) => o.unfinishedSet),
      count((o) => o.historyTemp),
      `${count((o) => o.rerunExit === 0)}/${of.length}`,
    ];
  });
  const header = [
    'phase killed in',
    'instants',
    'local prev/new',
    'server prev/mixed/new',
    '.part left',
    'stale lock',
    'unfinished set',
    'history tmp',
    'rerun ok',
  ];
  const total = [
    'all',
    outcomes.length,
    '',
    '',
    outcomes.filter((o) => o.leftovers > 0).length,
    outcomes.filter((o) => o.staleLock).length,
    outcomes.filter((o) => o.unfinishedSet).length,
    outcomes.filter((o) => o.historyTemp).length,
    `${outcomes.filter((o) => o.rerunExit === 0).length}/${outcomes.length}`,
  ];
  const table = [header, ...rows, total].map((row) => `| ${row.join(' | ')} |`);
  table.splice(1, 0, `|${header.map(() => '---').join('|')}|`);
  return `crash test: ${outcomes.length} SIGKILL instants, each followed by a clean rerun\n${table.join('\n')}`;
}
