/**
 * `node dist/bench/profile.js FILE.cpuprofile [N]`: the top N functions by
 * self time in a V8 CPU profile (as `node --cpu-prof` writes), and self
 * time by area (a package under node_modules, a folder of dist/, Node's
 * internals, the garbage collector).
 */
import { readFile } from 'node:fs/promises';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function isCpuProfile(value: unknown): value is CpuProfile {
  if (typeof value !== 'object' || value === null) return false;
  const { nodes, samples, timeDeltas } = value as Record<string, unknown>;
  return Array.isArray(nodes) && Array.isArray(samples) && Array.isArray(timeDeltas);
}

/** Microseconds of self time per profile node id. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  profile.samples.forEach((id, i) => times.set(id, (times.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  return times;
}

/** A short place for a script URL: the path from node_modules/ or dist/ on. */
function shortUrl(url: string): string {
  const at = Math.max(url.lastIndexOf('node_modules/'), url.lastIndexOf('/dist/'));
  return at >= 0 ? url.slice(at).replace(/^\//, '') : url;
}

function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packaged?.[1]) return packaged[1];
  const dist = /\/dist\/(.*)\/[^/]+$/.exec(url);
  if (dist?.[1] !== undefined) return `dist/${dist[1]}`;
  return /\/dist\/[^/]+$/.test(url) ? 'dist' : url;
}

function functionKey(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  return frame.url === '' ? name : `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function sum(into: Map<string, number>, key: string, micros: number): void {
  into.set(key, (into.get(key) ?? 0) + micros);
}

function top(totals: Map<string, number>, all: number, limit: number): string[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, micros]) => `${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / all).toFixed(1).padStart(5)} %  ${key}`);
}

export function summarise(profile: CpuProfile, limit: number): string[] {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let all = 0;
  for (const [id, micros] of selfTimes(profile)) {
    const frame = frames.get(id);
    if (!frame) continue;
    all += micros;
    sum(byFunction, functionKey(frame), micros);
    sum(byArea, areaOf(frame), micros);
  }
  return [
    `total sampled: ${(all / 1000).toFixed(0)} ms`,
    '',
    `top ${limit} functions by self time:`,
    ...top(byFunction, all, limit),
    '',
    'self time by area:',
    ...top(byArea, all, limit),
  ];
}

async function main(): Promise<void> {
  const [file, count] = process.argv.slice(2);
  if (!file) throw new Error('usage: node dist/bench/profile.js FILE.cpuprofile [N]');
  const profile: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isCpuProfile(profile)) throw new Error(`${file} is not a V8 CPU profile`);
  for (const line of summarise(profile, Number(count ?? 25))) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
