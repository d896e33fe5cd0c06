/**
 * The targets, set for L, judged against this run's figures. They
 * are reported side by side with the measurement, never enforced: a missed
 * target does not fail the bench.
 */
import { coreSeconds } from './core.js';
import { backendNames, median, totalRows, type BackendResult, type SizeName, type SizeResult } from './model.js';

export interface TargetCheck {
  target: string;
  goal: string;
  measured: string;
  /** undefined when this run cannot tell (e.g. only one size was run). */
  met: boolean | undefined;
}

export interface TargetReport {
  /** The size the targets were judged at: L, else the largest size run. */
  at: SizeName;
  checks: TargetCheck[];
}

const limits = {
  moOverFloor: 1.3,
  coreSeconds: 2,
  perRowGrowth: 1.5,
  peakRssMb: 400,
  cacheSeconds: 5,
  partialBytes: 0.3,
  wholeBytes: 0.85,
  partialSeconds: 0.5,
};

/** Bytes MO sent for the whole L municipality before issue 16 (bench/results.md of 2026-12-01, and a TCP proxy in front of `p2l sim`). */
const wholeBytesBefore = 96.1e6;

/** Seconds per exported row of the core's median run. */
export function coreSecondsPerRow(result: SizeResult): number {
  return median(result.core.runs.map(coreSeconds)) / totalRows(result.core.rows);
}

function backend(result: SizeResult, name: BackendResult['backend']): BackendResult | undefined {
  return result.backends.find((b) => b.backend === name);
}

function moRatio(result: SizeResult): TargetCheck {
  const mo = backend(result, 'mo');
  return {
    target: 'end-to-end export / fetch floor, MO backend',
    goal: `≤ ${limits.moOverFloor}`,
    measured: mo ? `${mo.ratio.toFixed(2)} (export ${mo.export.wallSeconds.toFixed(2)} s, floor ${mo.floor.seconds.toFixed(2)} s)` : 'not run',
    met: mo ? mo.ratio <= limits.moOverFloor : undefined,
  };
}

function coreTime(result: SizeResult): TargetCheck {
  const first = result.core.runs[0];
  const seconds = first ? coreSeconds(first) : Number.NaN;
  const steady = median(result.core.runs.map(coreSeconds));
  return {
    target: 'export core alone (snapshot in memory → five files), first run',
    goal: `≤ ${limits.coreSeconds} s`,
    measured: `${seconds.toFixed(2)} s (median of ${result.core.runs.length} runs: ${steady.toFixed(2)} s)`,
    met: seconds <= limits.coreSeconds,
  };
}

function perRowGrowth(result: SizeResult, previous: SizeResult | undefined): TargetCheck {
  const target = `time per exported row, ${result.size.name} vs ${previous?.size.name ?? 'the size below'}`;
  const goal = `≤ ${limits.perRowGrowth}×`;
  if (!previous) return { target, goal, measured: 'needs two sizes', met: undefined };
  const growth = coreSecondsPerRow(result) / coreSecondsPerRow(previous);
  const micros = (r: SizeResult) => (coreSecondsPerRow(r) * 1e6).toFixed(2);
  return { target, goal, measured: `${growth.toFixed(2)}× (${micros(result)} µs vs ${micros(previous)} µs)`, met: growth <= limits.perRowGrowth };
}

function peakRss(result: SizeResult): TargetCheck {
  const peaks = result.backends.map((b) => `${backendNames[b.backend]} ${Math.round(b.export.peakRssMb)}`);
  const worst = Math.max(...result.backends.map((b) => b.export.peakRssMb));
  return {
    target: 'peak RSS of the exporter (every backend)',
    goal: `≤ ${limits.peakRssMb} MB`,
    measured: `${Math.round(worst)} MB (${peaks.join(', ')} MB)`,
    met: worst <= limits.peakRssMb,
  };
}

function cacheTime(result: SizeResult): TargetCheck {
  const cache = backend(result, 'cache');
  return {
    target: '`--read-from-cache` end to end',
    goal: `≤ ${limits.cacheSeconds} s`,
    measured: cache ? `${cache.export.wallSeconds.toFixed(2)} s` : 'not run',
    met: cache ? cache.export.wallSeconds <= limits.cacheSeconds : undefined,
  };
}

/** Issue 16: what MO sends for one directorate, and for the whole municipality, and how long the one takes beside the other. */
function askedOfMo(result: SizeResult): TargetCheck[] {
  const mo = backend(result, 'mo');
  const partial = result.partial?.result;
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const share = (a: number, b: number) => `${((100 * a) / b).toFixed(0)}%`;
  return [
    {
      target: 'MB received, root = one directorate, vs the whole municipality (MO)',
      goal: `≤ ${limits.partialBytes * 100}%`,
      measured: mo && partial ? `${share(partial.export.bytes, mo.export.bytes)} (${mb(partial.export.bytes)} vs ${mb(mo.export.bytes)})` : 'not run',
      met: mo && partial ? partial.export.bytes <= limits.partialBytes * mo.export.bytes : undefined,
    },
    {
      target: 'MB received, the whole municipality (MO), vs 96.1 MB before issue 16',
      goal: `≤ ${limits.wholeBytes * 100}%`,
      measured: mo ? `${share(mo.export.bytes, wholeBytesBefore)} (${mb(mo.export.bytes)})` : 'not run',
      met: mo && result.size.name === 'L' ? mo.export.bytes <= limits.wholeBytes * wholeBytesBefore : undefined,
    },
    {
      target: 'export time, root = one directorate, vs the whole municipality (MO, this run)',
      goal: `≤ ${limits.partialSeconds}×`,
      measured:
        mo && partial
          ? `${(partial.export.wallSeconds / mo.export.wallSeconds).toFixed(2)}× (${partial.export.wallSeconds.toFixed(2)} s vs ${mo.export.wallSeconds.toFixed(2)} s)`
          : 'not run',
      met: mo && partial ? partial.export.wallSeconds <= limits.partialSeconds * mo.export.wallSeconds : undefined,
    },
  ];
}

/** The targets judged at L (else the largest size run); `results` in size order. */
export function checkTargets(results: readonly SizeResult[]): TargetReport | undefined {
  const index = results.findIndex((r) => r.size.name === 'L');
  const at = index >= 0 ? index : results.length - 1;
  const result = results[at];
  if (!result) return undefined;
  return {
    at: result.size.name,
    checks: [moRatio(result), coreTime(result), perRowGrowth(result, results[at - 1]), peakRss(result), cacheTime(result), ...askedOfMo(result)],
  };
}
