import { basename, dirname } from 'node:path';
import { writeFileAtomically } from '../util/files.js';

/**
 * Writes `text` to `path` whole or not at all, flushed to disk before the
 * rename. The temporary name (`.p2l.prom.<12 hex digits>.tmp`) is hidden and
 * does not end in `.prom`, so node_exporter's textfile collector never reads
 * a half-written file. Mode 0644: the collector usually runs as another
 * user, and metrics hold no personal data.
 */
export function writeMetricsAtomically(path: string, text: string): Promise<void> {
  return writeFileAtomically(dirname(path), basename(path), Buffer.from(text), { mode: 0o644, sync: true });
}
