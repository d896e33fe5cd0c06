/** What one bench run measured: the figures table.ts renders and targets.ts judges. */
import type { FileName } from '../export/columns.js';
import type { CoreRun } from './core.js';
import type { Backend } from './exporter.js';
import type { DatasetCounts } from './workspace.js';

export type SizeName = 'S' | 'M' | 'L';

export interface Size {
  name: SizeName;
  persons: number;
}

export const sizes: readonly Size[] = [
  { name: 'S', persons: 1_000 },
  { name: 'M', persons: 10_000 },
  { name: 'L', persons: 60_000 },
];

/** `p2l export` end to end. */
export interface ExportFigures {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** The exporter's own "export done in" and "fetch" times (without Node's start-up). */
  ownSeconds: number;
  fetchSeconds: number;
  /** Data requests the simulator answered (GraphQL + LoRa; the token request not counted). */
  requests: number;
  /** Body bytes the simulator sent (for the cache backend: the snapshot file's size). */
  bytes: number;
  /** Objects the simulator resolved for the export (none for the cache backend). */
  objects: number;
  /** CPU the simulator's process spent answering. */
  simCpuSeconds: number;
  rows: Record<FileName, number>;
}

/** The bare client's walk over the same pages (or, for the cache, reading and parsing the file). */
export interface FloorFigures {
  seconds: number;
  requests: number;
  bytes: number;
  /** The floor process's CPU time and peak RSS (all of it, start-up included). */
  cpuSeconds: number;
  peakRssMb: number;
  simCpuSeconds: number;
}

/** Medians over the (floor, export) pairs of one backend; the ratios are the medians of the pairs' own ratios. */
export interface BackendResult {
  backend: Backend;
  export: ExportFigures;
  floor: FloorFigures;
  /** Median of export wall time / floor time, pair by pair. */
  ratio: number;
  /** Median of export CPU / floor CPU (whole processes), pair by pair: less sensitive to a busy machine than wall time. */
  cpuRatio: number;
  pairs: number;
  /** Mean 1-minute load average over the pairs. */
  loadAverage: number;
}

export interface CoreFigures {
  runs: CoreRun[];
  rows: Record<FileName, number>;
}

export interface SizeResult {
  size: Size;
  dataset: DatasetCounts;
  backends: BackendResult[];
  core: CoreFigures;
  /** Discrepancies noticed on the way (e.g. backends disagreeing on row counts); they do not fail the run. */
  notes: string[];
  /** At L: the MO backend exporting one directorate (a child of the root) instead of the whole municipality. */
  partial?: PartialRoot;
}

/** The partial-root case: the same municipality, root = one of the root's children. */
export interface PartialRoot {
  root: string;
  /** Units at or below that root, of the municipality's. */
  units: number;
  result: BackendResult;
}

export interface Machine {
  date: string;
  node: string;
  platform: string;
  cpuModel: string;
  cores: number;
  memoryGb: number;
  /** 1-minute load average when the run started and ended: a busy machine makes every figure noisier. */
  loadAtStart: number;
  loadAtEnd: number;
}

export interface RunConfig {
  today: string;
  seed: number;
  pageSize: number;
  concurrency: number;
  repeats: number;
  coreRuns: number;
  profiled: boolean;
}

export const backendNames: Record<Backend, string> = { mo: 'MO (GraphQL)', lora: 'LoRa', cache: 'cache' };

export interface BenchReport {
  machine: Machine;
  config: RunConfig;
  results: SizeResult[];
  totalSeconds: number;
}

export const totalRows = (rows: Record<FileName, number>): number => Object.values(rows).reduce((sum, count) => sum + count, 0);

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
