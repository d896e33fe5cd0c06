import { csvFileName } from '../csv/files.js';
import { fileNames, type Rows } from '../export/columns.js';
import { countWarnings, warningKinds, type Warning } from '../export/warnings.js';
import type { SnapshotRead } from '../backend/read.js';

/** The lines printed after an export: rows per file, warnings by kind, time and traffic. */
export function exportSummary(rows: Rows, warnings: readonly Warning[], fetched: SnapshotRead, totalSeconds: number, verbose: boolean): string[] {
  const lines = [
    `export done in ${totalSeconds.toFixed(1)} s (fetch ${fetched.seconds.toFixed(1)} s, ${fetched.requests} requests, ${(fetched.bytesReceived / 1e6).toFixed(1)} MB)`,
    ...fetched.notes.map((note) => `  ${note}`),
    ...fileNames.map((file) => `  ${csvFileName(file).padEnd(18)} ${String(rows[file].length).padStart(7)} rows`),
  ];
  const counts = countWarnings(warnings);
  lines.push(counts.length === 0 ? '  no warnings' : `  warnings:`);
  for (const [kind, count] of counts) {
    lines.push(`  ${String(count).padStart(7)} ${kind}: ${warningKinds[kind]}`);
    if (verbose) for (const warning of warnings.filter((w) => w.kind === kind)) lines.push(`            ${warning.subject}`);
  }
  return lines;
}
