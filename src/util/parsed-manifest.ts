import type { P2lError } from './errors.js';

/**
 * The JSON of a folder's manifest file (`name`, its text null when the file
 * is missing), refused unless it parses and is of `format`. Its other
 * fields are the caller's to check.
 */
export function parsedManifest<T extends { format: string }>(
  text: string | null,
  name: string,
  format: T['format'],
  refuse: (problem: string) => P2lError,
): Partial<T> {
  if (text === null) throw refuse(`has no ${name}`);
  let manifest: Partial<T>;
  try {
    manifest = JSON.parse(text) as Partial<T>;
  } catch {
    throw refuse(`has a ${name} that is not JSON`);
  }
  if (manifest.format !== format) throw refuse(`is of format ${JSON.stringify(manifest.format ?? null)}, not ${format}`);
  return manifest;
}
