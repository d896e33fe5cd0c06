import { log } from './log.js';

/**
 * The one line every run ends with, for a cron job or a log collector to
 * act on: status, exit code, rows per file, warnings and duration.
 */
export interface RunSummary {
  command: string;
  rows?: Record<string, number>;
  warnings?: number;
  /** Warnings per kind, only the kinds that occurred. */
  warningKinds?: Record<string, number>;
  /** Rows the delivery removes, per kind the deletion guard watches (persons, units). */
  deletions?: Record<string, number>;
  shipped?: boolean;
}

const current: RunSummary = { command: '' };
const started = performance.now();
let metricsFile: string | undefined;

/** Commands add what they know as they go. */
export function recordRun(facts: Partial<RunSummary>): void {
  Object.assign(current, facts);
}

/** What the run has recorded so far. */
export function runFacts(): Readonly<RunSummary> {
  return current;
}

/** Seconds since the run started (since this module was loaded). */
export function runSeconds(): number {
  return (performance.now() - started) / 1000;
}

/** The metrics file the run's settings name (the --metrics-file flag goes before it). */
export function recordMetricsFile(path: string | null | undefined): void {
  metricsFile = path ?? undefined;
}

export function metricsFileOfRun(): string | undefined {
  return metricsFile;
}

export function printRunSummary(exitCode: number, error?: string): void {
  const status = exitCode === 0 ? 'ok' : 'failed';
  const seconds = Number(runSeconds().toFixed(1));
  const rows = current.rows
    ? Object.entries(current.rows)
        .map(([file, n]) => `${file}=${n}`)
        .join(' ')
    : undefined;
  const parts = [
    `status=${status}`,
    `exit=${exitCode}`,
    `command=${current.command || '-'}`,
    ...(rows ? [rows] : []),
    ...(current.warnings === undefined ? [] : [`warnings=${current.warnings}`]),
    ...(current.shipped === undefined ? [] : [`shipped=${current.shipped ? 'yes' : 'no'}`]),
    `duration=${seconds}s`,
  ];
  // Always on stdout, so that a failure's stderr stays its one line.
  log(
    exitCode === 0 ? 'info' : 'error',
    `p2l: ${parts.join(' ')}`,
    {
      summary: true,
      status,
      exit_code: exitCode,
      ...current,
      duration_s: seconds,
      ...(error ? { error } : {}),
    },
    process.stdout,
  );
}
