import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The temporary name beside `path` a metrics file is written under: hidden,
 * marked as p2l's, and not ending in `.prom`, so node_exporter's textfile
 * collector never reads a half-written file.
 */
export function temporaryMetricsPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.p2l-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes `text` to `path` whole or not at all: to a temporary file in the
 * same folder, flushed to disk, then renamed over `path`. Mode 0644: the
 * collector usually runs as another user, and metrics hold no personal data.
 */
export async function writeMetricsAtomically(path: string, text: string): Promise<void> {
  const temporary = temporaryMetricsPath(path);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
