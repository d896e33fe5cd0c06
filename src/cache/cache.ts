import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetNames, type Snapshot } from '../snapshot.js';
import { P2lError } from '../util/errors.js';
import { writeFileAtomically } from '../util/files.js';

export const cacheFormat = 'p2l-cache/1';

/** Where a snapshot came from, kept beside it in manifest.json. */
export interface CacheOrigin {
  backend: 'mo' | 'lora';
  /** The server read, e.g. https://mo.example.dk (never credentials). */
  server: string;
  /** The Copenhagen day the snapshot holds versions from. */
  today: string;
  /** Whether engagements carry their whole history of start dates (the `earliest` variant). */
  withHistory: boolean;
}

export interface CacheManifest extends CacheOrigin {
  format: typeof cacheFormat;
  /** ISO timestamp of when the snapshot was taken. */
  takenAt: string;
  snapshot: { file: string; bytes: number; sha256: string };
}

const manifestName = 'manifest.json';
const snapshotName = 'snapshot.json';

/**
 * Saves a snapshot as the old tool's cache did, so a later run can export
 * with no network. The snapshot is written first and the manifest (with the
 * snapshot's size and checksum) last, each whole or not at all, mode 0600:
 * a cache holds CPR numbers.
 */
export async function saveCache(directory: string, snapshot: Snapshot, origin: CacheOrigin, takenAt: Date): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const body = Buffer.from(JSON.stringify(snapshot));
  const manifest: CacheManifest = {
    format: cacheFormat,
    takenAt: takenAt.toISOString(),
    ...origin,
    snapshot: { file: snapshotName, bytes: body.length, sha256: sha256(body) },
  };
  await writeFileAtomically(directory, snapshotName, body);
  await writeFileAtomically(directory, manifestName, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
}

export interface LoadedCache {
  manifest: CacheManifest;
  snapshot: Snapshot;
}

/** Reads a cache back, refusing one of another format, a truncated one, or one whose checksum fails. */
export async function readCache(directory: string): Promise<LoadedCache> {
  const refuse = (problem: string) =>
    new P2lError(`cache ${directory} ${problem}: take a new one with p2l export --save-cache ${directory}`);
  const manifest = parseManifest(await readFile(join(directory, manifestName), 'utf8').catch(() => null), refuse);
  const snapshot = JSON.parse(await checkedSnapshotText(join(directory, manifest.snapshot.file), manifest, refuse)) as Snapshot;
  if (datasetNames.some((name) => !Array.isArray(snapshot[name]))) throw refuse('holds no snapshot of the expected shape');
  return { manifest, snapshot };
}

/** The snapshot file's text once its size and checksum hold; the bytes are let go before parsing (a large cache is 100 MB). */
async function checkedSnapshotText(file: string, manifest: CacheManifest, refuse: (problem: string) => P2lError): Promise<string> {
  const body = await readFile(file).catch(() => null);
  if (body === null) throw refuse(`has no ${manifest.snapshot.file}`);
  if (body.length < manifest.snapshot.bytes) throw refuse(`is truncated (${body.length} of ${manifest.snapshot.bytes} bytes)`);
  if (body.length > manifest.snapshot.bytes) throw refuse(`holds ${body.length} bytes where its manifest says ${manifest.snapshot.bytes} (changed or damaged)`);
  if (sha256(body) !== manifest.snapshot.sha256) throw refuse('fails its checksum (the snapshot was changed or damaged)');
  return body.toString('utf8');
}

function parseManifest(text: string | null, refuse: (problem: string) => P2lError): CacheManifest {
  if (text === null) throw refuse(`has no ${manifestName}`);
  let manifest: Partial<CacheManifest>;
  try {
    manifest = JSON.parse(text) as Partial<CacheManifest>;
  } catch {
    throw refuse(`has a ${manifestName} that is not JSON`);
  }
  if (manifest.format !== cacheFormat) throw refuse(`is of format ${JSON.stringify(manifest.format ?? null)}, not ${cacheFormat}`);
  const { snapshot, takenAt, today, backend, server } = manifest;
  if (!snapshot || typeof snapshot.bytes !== 'number' || typeof snapshot.sha256 !== 'string' || snapshot.file !== snapshotName) {
    throw refuse(`has a ${manifestName} without the snapshot's size and checksum`);
  }
  if (typeof takenAt !== 'string' || typeof today !== 'string' || typeof server !== 'string' || (backend !== 'mo' && backend !== 'lora')) {
    throw refuse(`has an incomplete ${manifestName}`);
  }
  return manifest as CacheManifest;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
