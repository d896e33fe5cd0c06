/**
 * `p2l export` end to end as a child process (`node dist/cli.js export
 * ...`), measured by child.ts, with what its summary says.
 */
import { fileURLToPath } from 'node:url';
import { fileNames, type FileName } from '../export/columns.js';
import { environmentName, settingsTable } from '../settings/table.js';
import { measureNode, type ChildMeasure } from './child.js';

export type Backend = 'mo' | 'lora' | 'cache';

export interface ExportRequest {
  backend: Backend;
  settingsFile: string;
  today: string;
  out: string;
  /** For the cache backend: the cache to read; otherwise, when given, the cache to save. */
  cacheDirectory?: string;
  /** Node.js flags for the child, e.g. --cpu-prof. */
  nodeArgs?: readonly string[];
}

export interface ExportSummary {
  /** "export done in X s": the exporter's own clock, without Node's start-up. */
  totalSeconds: number;
  /** "(fetch Y s, ...)": reading the snapshot, from the network or the cache. */
  fetchSeconds: number;
  rows: Record<FileName, number>;
}

export interface ExportMeasure {
  process: ChildMeasure;
  summary: ExportSummary;
}

const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
const timeoutMs = 15 * 60_000;

/**
 * The environment without any variable p2l reads settings from, so that the
 * bench's settings file alone decides what is exported.
 */
export function cleanEnvironment(environment: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const settingNames = new Set(Object.values(settingsTable).flatMap((spec) => [environmentName(spec.key), ...(spec.aliases ?? [])]));
  return Object.fromEntries(Object.entries(environment).filter(([name]) => !settingNames.has(name)));
}

export function exportArguments(request: ExportRequest): string[] {
  const args = ['export', '--settings', request.settingsFile, '--out', request.out, '--today', request.today, '--quiet'];
  if (request.backend === 'cache') {
    if (!request.cacheDirectory) throw new Error('the cache backend needs a cache directory');
    return [...args, '--read-from-cache', request.cacheDirectory];
  }
  args.push('--backend', request.backend);
  return request.cacheDirectory ? [...args, '--save-cache', request.cacheDirectory] : args;
}

/** The figures of p2l's summary (src/commands/summary.ts). */
export function parseSummary(stdout: string): ExportSummary {
  const done = /export done in ([\d.]+) s \(fetch ([\d.]+) s/.exec(stdout);
  if (!done) throw new Error(`p2l export printed no summary:\n${stdout.slice(0, 400)}`);
  const rows = {} as Record<FileName, number>;
  for (const file of fileNames) {
    const match = new RegExp(`^\\s+${file}\\.csv\\s+(\\d+) rows$`, 'm').exec(stdout);
    if (!match?.[1]) throw new Error(`p2l export's summary has no row count for ${file}.csv`);
    rows[file] = Number(match[1]);
  }
  return { totalSeconds: Number(done[1]), fetchSeconds: Number(done[2]), rows };
}

export async function runExport(request: ExportRequest): Promise<ExportMeasure> {
  const child = await measureNode(cli, exportArguments(request), { timeoutMs, env: cleanEnvironment(), nodeArgs: request.nodeArgs });
  return { process: child, summary: parseSummary(child.stdout) };
}
