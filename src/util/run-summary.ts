import { log } from './log.js';

/**
 * The one line every run ends with, for a cron job or a log collector to
 * act on: status, exit code, rows per file, warnings and duration.
 */
export interface RunSummary {
  command: string;
  rows?: Record<string, number>;
  warnings?: number;
  shipped?: boolean;
}

const current: RunSummary = { command: '' };
const started = performance.now();

/** Commands add what they know as they go. */
export function recordRun(facts: Partial<RunSummary>): void {
  Object.assign(current, facts);
}

export function printRunSummary(exitCode: number, error?: string): void {
  const status = exitCode === 0 ? 'ok' : 'failed';
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const rows = current.rows ? Object.entries(current.rows).map(([file, n]) => `${file}=${n}`).join(' ') : undefined;
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
  log(exitCode === 0 ? 'info' : 'error', `p2l: ${parts.join(' ')}`, {
    summary: true,
    status,
    exit_code: exitCode,
    ...current,
    duration_s: seconds,
    ...(error ? { error } : {}),
  }, process.stdout);
}
