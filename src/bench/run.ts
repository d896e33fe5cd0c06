/**
 * `npm run bench [-- --sizes S,M,L]`: for each size, generates a
 * municipality, serves it from the simulator in a process of its own, and
 * measures `p2l export` end to end per backend against the fetch floor of
 * the same run, and the export core alone; writes the Markdown report to
 * bench/results.md and prints it. Slow figures never fail the run: the exit
 * code is 0 unless something broke.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isDay } from '../util/days.js';
import { renderChaos, runChaos } from './chaos.js';
import { renderSimLatency, runSimLatency } from './sim-latency.js';
import { coreSeconds } from './core.js';
import { runCore } from './jobs.js';
import { describeMachine } from './machine.js';
import { median, sizes, type BackendResult, type BenchReport, type RunConfig, type Size, type SizeResult } from './model.js';
import { discrepancies, measureBackend, warmUp, type SizeRuns } from './pairs.js';
import { measurePartialRoot } from './partial-root.js';
import { SimulatorProcess } from './sim-process.js';
import { renderReport } from './table.js';
import { prepareWorkspace } from './workspace.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

interface Options {
  sizes: Size[];
  out: string;
  keep: boolean;
  /** The partial-root case at every size, not only at L. */
  partialRoot: boolean;
  cpuProfileDirectory: string | undefined;
  config: RunConfig;
  /** The chaos run: exports of one municipality against a simulator failing 10% of requests. */
  chaos: { runs: number; persons: number };
}

const usage = `usage: npm run bench [-- options]
  --sizes S,M,L       sizes to run (S = 1,000 persons, M = 10,000, L = 60,000; default all three)
  --out FILE          the Markdown report (default bench/results.md)
  --repeat N          floor/export pairs per backend; the medians are reported (default 3)
  --core-runs N       runs of the export core per size (default 3)
  --today YYYY-MM-DD  the day generated and exported for (default 2026-06-01, pinned)
  --seed N            generator seed (default 1)
  --cpu-prof DIR      run the measured exporters under --cpu-prof, profiles into DIR
  --chaos-runs N      exports in the chaos run, against 10% failing requests (default 20; 0 skips it)
  --chaos-persons N   persons in the chaos run's municipality (default 10,000)
  --keep              keep the work folder (datasets, settings, caches, files)
  --partial-root      also run the partial-root case (root = one directorate) below L (at L it always runs)`;

/** Exits with code 2 and the usage on a bad option. */
class UsageError extends Error {}

function positiveInteger(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a whole number of at least 1`);
  return value;
}

function parseSizes(text: string | undefined): Size[] {
  if (text === undefined) return [...sizes];
  const names = text.split(',').map((name) => name.trim().toUpperCase());
  const chosen = sizes.filter((size) => names.includes(size.name));
  const unknown = names.filter((name) => !sizes.some((size) => size.name === name));
  if (unknown.length > 0 || chosen.length === 0) throw new UsageError(`--sizes takes S, M and L separated by commas, not ${text}`);
  return chosen;
}

function parseOptions(argv: readonly string[]): Options | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sizes: { type: 'string' },
      out: { type: 'string' },
      repeat: { type: 'string' },
      'core-runs': { type: 'string' },
      today: { type: 'string' },
      seed: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'chaos-runs': { type: 'string' },
      'chaos-persons': { type: 'string' },
      keep: { type: 'boolean' },
      'partial-root': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return undefined;
  const today = values.today ?? '2026-06-01';
  if (!isDay(today)) throw new UsageError('--today must be a date written YYYY-MM-DD');
  const cpuProfileDirectory = values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']);
  return {
    sizes: parseSizes(values.sizes),
    out: resolve(values.out ?? join(packageRoot, 'bench', 'results.md')),
    keep: values.keep ?? false,
    partialRoot: values['partial-root'] ?? false,
    cpuProfileDirectory,
    chaos: {
      runs: values['chaos-runs'] === '0' ? 0 : positiveInteger(values['chaos-runs'], 'chaos-runs', 20),
      persons: positiveInteger(values['chaos-persons'], 'chaos-persons', 10_000),
    },
    config: {
      today,
      seed: positiveInteger(values.seed, 'seed', 1),
      pageSize: 1000,
      concurrency: 3,
      repeats: positiveInteger(values.repeat, 'repeat', 3),
      coreRuns: positiveInteger(values['core-runs'], 'core-runs', 3),
      profiled: cpuProfileDirectory !== undefined,
    },
  };
}

const log = (line: string) => console.error(`bench: ${line}`);

async function measureSize(size: Size, options: Options, workRoot: string): Promise<SizeResult> {
  const { config } = options;
  log(`${size.name}: generating ${size.persons.toLocaleString('en-US')} persons`);
  const workspace = await prepareWorkspace({
    directory: join(workRoot, size.name),
    persons: size.persons,
    seed: config.seed,
    today: config.today,
    pageSize: config.pageSize,
  });
  const sim = await SimulatorProcess.start(workspace.datasetFile);
  try {
    await workspace.writeSettings(sim.url);
    const runs: SizeRuns = {
      size: size.name,
      workspace,
      sim,
      today: config.today,
      repeats: config.repeats,
      cpuProfileDirectory: options.cpuProfileDirectory,
      log,
    };
    await warmUp(runs);
    const backends: BackendResult[] = [];
    for (const backend of ['mo', 'lora', 'cache'] as const) backends.push(await measureBackend(runs, backend));
    const partial = size.name === 'L' || options.partialRoot ? await measurePartialRoot(runs) : undefined;
    const core = await runCore({
      kind: 'core',
      settingsFile: workspace.settingsFile,
      today: config.today,
      cacheDirectory: workspace.cacheDirectory,
      out: workspace.outFor('core'),
      repeats: config.coreRuns,
    });
    const seconds = core.result.runs.map(coreSeconds);
    log(`${size.name} core: first run ${(seconds[0] ?? Number.NaN).toFixed(2)} s, median ${median(seconds).toFixed(2)} s of ${seconds.length}`);
    return { size, dataset: workspace.counts, backends, core: core.result, notes: discrepancies(backends, core.result.rows), ...(partial ? { partial } : {}) };
  } finally {
    await sim.close();
  }
}

async function bench(options: Options): Promise<void> {
  const started = new Date();
  const { finish } = describeMachine(started);
  const workRoot = await mkdtemp(join(tmpdir(), 'p2l-bench-'));
  if (options.cpuProfileDirectory) await mkdir(options.cpuProfileDirectory, { recursive: true });
  try {
    const results: SizeResult[] = [];
    for (const size of options.sizes) results.push(await measureSize(size, options, workRoot));
    let chaos = '';
    if (options.chaos.runs > 0) {
      log(`chaos: ${options.chaos.runs} exports of ${options.chaos.persons.toLocaleString('en-US')} persons against 10% failing requests`);
      const { persons, runs } = options.chaos;
      chaos = renderChaos(
        await runChaos({ persons, runs, faultRate: 0.1, today: options.config.today, seed: options.config.seed, workDirectory: join(workRoot, 'chaos') }),
      );
    }
    log('simulator latency: LoRa pages and a GraphQL answer after a delayed one');
    const persons = Math.max(...options.sizes.map((size) => size.persons));
    const latency = renderSimLatency(await runSimLatency({ persons, pageSize: 1000, today: options.config.today, seed: options.config.seed, probes: 5 }));
    const report: BenchReport = { machine: finish(), config: options.config, results, totalSeconds: (Date.now() - started.getTime()) / 1000 };
    const markdown = `${renderReport(report).trimEnd()}\n\n${chaos}${chaos === '' ? '' : '\n'}${latency}`;
    await mkdir(dirname(options.out), { recursive: true });
    await writeFile(options.out, markdown);
    console.log(markdown);
    log(`wrote ${options.out}`);
  } finally {
    if (options.keep) log(`kept the work folder ${workRoot}`);
    else await rm(workRoot, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  let options: Options | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    console.log(usage);
    return;
  }
  await bench(options);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
