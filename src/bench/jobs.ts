/**
 * The measurements that run in a fresh process of their own (worker.ts):
 * a fetch floor, or the export core. A fresh process gives each the same
 * clean heap and cold JIT an exporter starts with, and lets child.ts
 * measure its CPU and peak RSS too. The job goes in as JSON on the command
 * line, the result comes back as JSON on stdout.
 */
import { measureNode, type ChildMeasure } from './child.js';
import type { CoreResult } from './core.js';
import type { FloorResult } from './floor.js';

export type FloorJob =
  | { kind: 'floor'; backend: 'mo'; settingsFile: string; today: string }
  | { kind: 'floor'; backend: 'lora'; settingsFile: string; today: string; darUuidsFile: string }
  | { kind: 'floor'; backend: 'cache'; cacheDirectory: string };

export interface CoreJob {
  kind: 'core';
  settingsFile: string;
  today: string;
  cacheDirectory: string;
  out: string;
  repeats: number;
}

export type Job = FloorJob | CoreJob;

export interface Measured<T> {
  result: T;
  process: ChildMeasure;
}

const workerScript = new URL('./worker.js', import.meta.url).pathname;
const timeoutMs = 15 * 60_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The job's JSON result: the last line of the worker's stdout. */
function lastJsonLine(stdout: string): Record<string, unknown> {
  const line = stdout.trimEnd().split('\n').at(-1) ?? '';
  const value: unknown = JSON.parse(line);
  if (!isRecord(value)) throw new Error(`the bench worker printed ${line.slice(0, 80)}, not a result`);
  return value;
}

function isFloorResult(value: Record<string, unknown>): boolean {
  return typeof value['seconds'] === 'number' && typeof value['requests'] === 'number' && typeof value['bytes'] === 'number';
}

function isCoreResult(value: Record<string, unknown>): boolean {
  return Array.isArray(value['runs']) && isRecord(value['rows']);
}

async function runJob(job: Job): Promise<Measured<Record<string, unknown>>> {
  const measure = await measureNode(workerScript, [JSON.stringify(job)], { timeoutMs });
  return { result: lastJsonLine(measure.stdout), process: measure };
}

export async function runFloor(job: FloorJob): Promise<Measured<FloorResult>> {
  const { result, process: child } = await runJob(job);
  if (!isFloorResult(result)) throw new Error(`the floor worker answered ${JSON.stringify(result).slice(0, 120)}`);
  return { result: result as unknown as FloorResult, process: child };
}

export async function runCore(job: CoreJob): Promise<Measured<CoreResult>> {
  const { result, process: child } = await runJob(job);
  if (!isCoreResult(result)) throw new Error(`the core worker answered ${JSON.stringify(result).slice(0, 120)}`);
  return { result: result as unknown as CoreResult, process: child };
}
