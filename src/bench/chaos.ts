/**
 * The chaos run: one municipality exported again and again against a
 * simulator that fails a share of requests at random (mixed faults), each
 * run's files compared byte for byte with a clean run's. Reports how many
 * runs gave identical files and what the faults cost in time.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settingsForSimulator } from '../commands/demo-municipality.js';
import { tooDeepLevelNames } from '../generate/classes.js';
import { generateDataset } from '../generate/generate.js';
import { parseFaultSpec } from '../sim/fault-spec.js';
import { startSimulator } from '../sim/server.js';

const cli = fileURLToPath(new URL('../cli.js', import.meta.url));

export interface ChaosOptions {
  persons: number;
  runs: number;
  /** The share of requests that fail, spread over every transient fault kind. */
  faultRate: number;
  today: string;
  seed: number;
  workDirectory: string;
}

export interface ChaosResult {
  options: Omit<ChaosOptions, 'workDirectory'>;
  identical: number;
  failed: string[];
  cleanSeconds: number;
  /** Seconds of each faulty run. */
  runSeconds: number[];
  faultsInjected: number;
}

function exportOnce(settingsFile: string, out: string, today: string): Promise<{ seconds: number; error?: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, 'export', '--settings', settingsFile, '--out', out, '--today', today, '--quiet'],
      { maxBuffer: 16 << 20 },
      (error, _stdout, stderr) => {
        const seconds = (performance.now() - started) / 1000;
        resolve(error ? { seconds, error: stderr.trim().split('\n').at(-1) ?? String(error) } : { seconds });
      },
    );
  });
}

async function filesOf(directory: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.csv')).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(directory, name))] as const)));
}

function sameFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): boolean {
  return a.size === b.size && [...a].every(([name, bytes]) => b.get(name)?.equals(bytes) === true);
}

async function writeSettings(file: string, url: string, dataset: Parameters<typeof settingsForSimulator>[1]): Promise<void> {
  const settings = {
    ...settingsForSimulator(url, dataset),
    'integrations.SD_Lon.import.too_deep': [...tooDeepLevelNames],
    'exporters.plan2learn.page_size': 1000,
    'exporters.plan2learn.retries': 8,
    'exporters.plan2learn.retry_first_delay_ms': 200,
  };
  await writeFile(file, JSON.stringify(settings), { mode: 0o600 });
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const { workDirectory: work, ...shown } = options;
  await mkdir(work, { recursive: true });
  const dataset = generateDataset({ persons: options.persons, seed: options.seed, today: options.today });
  const clean = await startSimulator({ dataset });
  const faulty = await startSimulator({ dataset, faults: parseFaultSpec(`mixed=${options.faultRate},seed=${options.seed}`) });
  try {
    await writeSettings(join(work, 'clean.json'), clean.url, dataset);
    await writeSettings(join(work, 'faulty.json'), faulty.url, dataset);
    const cleanRun = await exportOnce(join(work, 'clean.json'), join(work, 'clean'), options.today);
    if (cleanRun.error) throw new Error(`the clean run failed: ${cleanRun.error}`);
    const expected = await filesOf(join(work, 'clean'));
    const result: ChaosResult = { options: shown, identical: 0, failed: [], cleanSeconds: cleanRun.seconds, runSeconds: [], faultsInjected: 0 };
    for (let run = 1; run <= options.runs; run++) {
      const out = join(work, `chaos-${run}`);
      const attempt = await exportOnce(join(work, 'faulty.json'), out, options.today);
      result.runSeconds.push(attempt.seconds);
      if (attempt.error) result.failed.push(`run ${run}: ${attempt.error}`);
      else if (sameFiles(await filesOf(out), expected)) result.identical++;
      else result.failed.push(`run ${run}: files differ from the clean run's`);
    }
    result.faultsInjected = Object.values(faulty.faultsInjected).reduce((sum: number, n: number) => sum + n, 0);
    return result;
  } finally {
    await Promise.all([clean.close(), faulty.close()]);
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export function renderChaos(result: ChaosResult): string {
  const { persons, runs, faultRate } = result.options;
  const overhead = median(result.runSeconds) / result.cleanSeconds;
  return [
    '## Chaos run',
    '',
    `${persons.toLocaleString('en')} persons exported ${runs} times against the simulator with ${Math.round(faultRate * 100)}% of requests failing at random (\`--faults mixed=${faultRate}\`: 500, 502, 503, 429, resets, truncated bodies, GraphQL internal errors), each run's five files compared byte for byte with a clean run's.`,
    '',
    '| runs | identical files | failed | faults injected | clean run s | faulty run s (median) | overhead |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${runs} | **${result.identical}/${runs}** | ${result.failed.length} | ${result.faultsInjected} | ${result.cleanSeconds.toFixed(2)} | ${median(result.runSeconds).toFixed(2)} | ${overhead.toFixed(2)}× |`,
    ...(result.failed.length > 0 ? ['', ...result.failed.map((line) => `- ${line}`)] : []),
    '',
  ].join('\n');
}
