/**
 * One backend at one size: (floor, export) pairs against the running
 * simulator, each run with the simulator's counters of its own, and the
 * medians of the pairs. Also the untimed warm-up that precedes them.
 */
import { loadavg } from 'node:os';
import { fileNames, type FileName } from '../export/columns.js';
import type { ChildMeasure } from './child.js';
import { runExport, type Backend, type ExportMeasure } from './exporter.js';
import type { FloorResult } from './floor.js';
import { runFloor, type FloorJob, type Measured } from './jobs.js';
import { median, type BackendResult, type ExportFigures, type FloorFigures, type SizeName } from './model.js';
import type { SimCounters, SimulatorProcess } from './sim-process.js';
import { writeDarUuids, type Workspace } from './workspace.js';

/** What the runs of one size share. */
export interface SizeRuns {
  size: SizeName;
  workspace: Workspace;
  sim: SimulatorProcess;
  today: string;
  /** Pairs per backend. */
  repeats: number;
  /** When set, the measured exporters run under --cpu-prof and write their profiles here. */
  cpuProfileDirectory: string | undefined;
  log: (line: string) => void;
}

interface Counted<T> {
  value: T;
  counters: SimCounters;
}

interface Pair {
  floor: Counted<Measured<FloorResult>>;
  export: Counted<ExportMeasure>;
  loadAverage: number;
}

/** Runs `work` with the simulator's counters zeroed before and read after. */
async function counted<T>(sim: SimulatorProcess, work: () => Promise<T>): Promise<Counted<T>> {
  await sim.reset();
  const value = await work();
  return { value, counters: await sim.stats() };
}

const dataRequests = (counters: SimCounters) => counters.graphqlRequests + counters.loraRequests;

function floorJob(runs: SizeRuns, backend: Backend): FloorJob {
  const { workspace, today } = runs;
  if (backend === 'cache') return { kind: 'floor', backend, cacheDirectory: workspace.cacheDirectory };
  // The MO floor finds the units' DAR addresses in its own Units pages, as the exporter does.
  if (backend === 'mo') return { kind: 'floor', backend, settingsFile: workspace.settingsFile, today };
  return { kind: 'floor', backend, settingsFile: workspace.settingsFile, today, darUuidsFile: workspace.darUuidsFile };
}

function exportOnce(runs: SizeRuns, backend: Backend, run: number): Promise<ExportMeasure> {
  const { workspace, cpuProfileDirectory: profiles } = runs;
  return runExport({
    backend,
    settingsFile: workspace.settingsFile,
    today: runs.today,
    out: workspace.outFor(backend),
    cacheDirectory: backend === 'cache' ? workspace.cacheDirectory : undefined,
    nodeArgs: profiles ? ['--cpu-prof', '--cpu-prof-dir', profiles, '--cpu-prof-name', `${runs.size}-${backend}-${run + 1}.cpuprofile`] : [],
  });
}

/** The medians both sides of a pair have: the CPU time and peak RSS of its process, and the simulator's CPU time while it ran. */
function processMedians(sides: readonly Counted<{ process: ChildMeasure }>[]): Pick<FloorFigures, 'cpuSeconds' | 'peakRssMb' | 'simCpuSeconds'> {
  const of = (figure: (side: Counted<{ process: ChildMeasure }>) => number) => median(sides.map(figure));
  return {
    cpuSeconds: of((side) => side.value.process.cpuSeconds),
    peakRssMb: of((side) => side.value.process.peakRssMb),
    simCpuSeconds: of((side) => side.counters.cpuSeconds),
  };
}

function exportFigures(backend: Backend, pairs: readonly Pair[]): ExportFigures {
  const last = pairs.at(-1);
  if (!last) throw new RangeError('no runs');
  const exports = pairs.map((p) => p.export);
  const of = (figure: (run: Counted<ExportMeasure>) => number) => median(exports.map(figure));
  const { cpuSeconds, peakRssMb, simCpuSeconds } = processMedians(exports);
  return {
    wallSeconds: of((run) => run.value.process.wallSeconds),
    cpuSeconds,
    peakRssMb,
    ownSeconds: of((run) => run.value.summary.totalSeconds),
    fetchSeconds: of((run) => run.value.summary.fetchSeconds),
    requests: of((run) => dataRequests(run.counters)),
    bytes: backend === 'cache' ? last.floor.value.result.bytes : of((run) => run.counters.bytesSent),
    objects: of((run) => run.counters.objects),
    simCpuSeconds,
    rows: last.export.value.summary.rows,
  };
}

function floorFigures(pairs: readonly Pair[]): FloorFigures {
  const floors = pairs.map((p) => p.floor);
  const of = (figure: (result: FloorResult) => number) => median(floors.map((floor) => figure(floor.value.result)));
  return {
    seconds: of((result) => result.seconds),
    requests: of((result) => result.requests),
    bytes: of((result) => result.bytes),
    ...processMedians(floors),
  };
}

function backendResult(backend: Backend, pairs: readonly Pair[]): BackendResult {
  return {
    backend,
    export: exportFigures(backend, pairs),
    floor: floorFigures(pairs),
    ratio: median(pairs.map((p) => p.export.value.process.wallSeconds / p.floor.value.result.seconds)),
    cpuRatio: median(pairs.map((p) => p.export.value.process.cpuSeconds / p.floor.value.process.cpuSeconds)),
    pairs: pairs.length,
    loadAverage: pairs.reduce((sum, p) => sum + p.loadAverage, 0) / pairs.length,
  };
}

/** One floor and one export; which goes first alternates from run to run. */
async function measurePair(runs: SizeRuns, backend: Backend, run: number): Promise<Pair> {
  const loadAverage = loadavg()[0] ?? 0;
  const floor = () => counted(runs.sim, () => runFloor(floorJob(runs, backend)));
  const exported = () => counted(runs.sim, () => exportOnce(runs, backend, run));
  // Alternating cancels a drift between the two (a simulator still warming up, a neighbour's load).
  if (run % 2 === 0) {
    const first = await floor();
    return { floor: first, export: await exported(), loadAverage };
  }
  const first = await exported();
  return { floor: await floor(), export: first, loadAverage };
}

/** `repeats` (floor, export) pairs of the backend, and their medians. */
export async function measureBackend(runs: SizeRuns, backend: Backend): Promise<BackendResult> {
  const pairs: Pair[] = [];
  for (let run = 0; run < runs.repeats; run++) pairs.push(await measurePair(runs, backend, run));
  const result = backendResult(backend, pairs);
  runs.log(
    `${runs.size} ${backend}: export ${result.export.wallSeconds.toFixed(2)} s, floor ${result.floor.seconds.toFixed(2)} s, ` +
      `export / floor ${result.ratio.toFixed(2)} (median of ${pairs.length})`,
  );
  return result;
}

/**
 * Untimed, before any pair: a LoRa export that saves the cache (warming the
 * simulator's LoRa and DAR paths on the way), the DAR address uuids for the
 * LoRa floor, then one MO floor to warm the simulator's GraphQL paths.
 */
export async function warmUp(runs: SizeRuns): Promise<void> {
  const { workspace } = runs;
  runs.log(`${runs.size}: warm-up export (LoRa, saving the cache)`);
  await runExport({
    backend: 'lora',
    settingsFile: workspace.settingsFile,
    today: runs.today,
    out: workspace.outFor('warm-up'),
    cacheDirectory: workspace.cacheDirectory,
  });
  const dar = await writeDarUuids(workspace);
  runs.log(`${runs.size}: ${dar} unit DAR addresses to look up; warm-up MO floor`);
  await runFloor(floorJob(runs, 'mo'));
}

function rowsDiffer(a: Record<FileName, number>, b: Record<FileName, number>): boolean {
  return fileNames.some((file) => a[file] !== b[file]);
}

/** What does not add up: floors that fetched other pages than the export, backends that disagree on rows. */
export function discrepancies(backends: readonly BackendResult[], coreRows: Record<FileName, number>): string[] {
  const notes: string[] = [];
  for (const { backend, export: run, floor } of backends) {
    if (backend !== 'cache' && floor.requests !== run.requests) {
      notes.push(`the ${backend} floor made ${floor.requests} requests, the export ${run.requests}: they did not walk the same pages`);
    }
    if (rowsDiffer(run.rows, coreRows)) notes.push(`the ${backend} export wrote other row counts than the core run on the cache`);
  }
  return notes;
}
