import { createHash, type Hash } from 'node:crypto';
import { access, constants, mkdir, open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetNames, type DatasetName, type Snapshot } from '../snapshot.js';
import { SharedValues, shareRepeatedValues } from '../mo/shared-references.js';
import { P2lError, SettingsError } from '../util/errors.js';
import { explainFsError } from '../util/fs-errors.js';
import { linesChunksOf, makeFolder, writeFileAtomically } from '../util/files.js';
import { parsedManifest } from '../util/parsed-manifest.js';

/**
 * 4: the scope the snapshot was cut to (root, engagement types, extension field), since MO is asked only for that;
 * 3: the units' DAR answers held apart from the units (`darAddresses`, `unresolvedDar`); 2: JSON lines; 1: one JSON document.
 */
export const cacheFormat = 'p2l-cache/4';

/** Where a snapshot came from, kept beside it in manifest.json. */
export interface CacheOrigin {
  backend: 'mo' | 'lora';
  /** The server read, e.g. https://mo.example.dk (never credentials). */
  server: string;
  /** The Copenhagen day the snapshot holds versions from. */
  today: string;
  /** Whether engagements carry their whole history of start dates (the `earliest` variant). */
  withHistory: boolean;
  /** What MO was asked for: only the root's subtree, these engagement types and this one extension field. */
  scope: CacheScope;
}

export interface CacheScope {
  rootUnit: string;
  engagementTypes: readonly string[];
  positionExtensionField: string;
}

export interface CacheManifest extends CacheOrigin {
  format: typeof cacheFormat;
  /** ISO timestamp of when the snapshot was taken. */
  takenAt: string;
  snapshot: { file: string; bytes: number; sha256: string };
}

const manifestName = 'manifest.json';
/**
 * JSON lines: per dataset, in `datasetNames` order, a header line
 * `{"dataset":"persons","objects":N}` and then its N objects, one a line,
 * so the file is written and read a line at a time.
 */
export const snapshotName = 'snapshot.jsonl';
/** Format 1's snapshot, one JSON document. */
const formerSnapshotName = 'snapshot.json';

/**
 * Saves a snapshot as the old tool's cache did, so a later run can export
 * with no network. The snapshot is written first, streamed, and the manifest
 * (with the snapshot's size and checksum, taken as it was written) last, each
 * whole or not at all, mode 0600: a cache holds CPR numbers. A file-system
 * error is one line naming the path and what to do (exit 1).
 */
export async function saveCache(directory: string, snapshot: Snapshot, origin: CacheOrigin, takenAt: Date): Promise<void> {
  try {
    await writeCache(directory, snapshot, origin, takenAt);
  } catch (error) {
    throw explainFsError(error, directory, false, '--save-cache');
  }
}

/**
 * Before anything is fetched: makes the cache folder (0700) and checks that
 * it can be written, so a bad --save-cache costs no request to MO. A
 * file-system error is one line naming the path and what to do, exit 2.
 */
export async function prepareCacheFolder(directory: string): Promise<void> {
  try {
    await makeFolder(directory);
    await access(directory, constants.W_OK | constants.X_OK);
    if (!(await holdsNothingButACache(directory))) {
      throw new SettingsError(
        `--save-cache ${directory} is a folder p2l did not make, and it is not empty: choose a new or empty folder, or one that holds a p2l cache`,
      );
    }
  } catch (error) {
    throw explainFsError(error, directory, true, '--save-cache');
  }
}

/** Whether the folder is empty or holds a cache p2l saved (its manifest says so): only then may p2l write its files there. */
async function holdsNothingButACache(directory: string): Promise<boolean> {
  if ((await readdir(directory)).length === 0) return true;
  const manifest = await readFile(join(directory, manifestName), 'utf8').catch(() => null);
  try {
    return manifest !== null && String((JSON.parse(manifest) as { format?: unknown }).format).startsWith('p2l-cache/');
  } catch {
    return false;
  }
}

async function writeCache(directory: string, snapshot: Snapshot, origin: CacheOrigin, takenAt: Date): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const tally: Tally = { bytes: 0, hash: createHash('sha256') };
  await writeFileAtomically(directory, snapshotName, tallied(chunksOf(snapshotLines(snapshot)), tally));
  const manifest: CacheManifest = {
    format: cacheFormat,
    takenAt: takenAt.toISOString(),
    ...origin,
    snapshot: { file: snapshotName, bytes: tally.bytes, sha256: tally.hash.digest('hex') },
  };
  await writeFileAtomically(directory, manifestName, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  // A format-1 cache saved here before would otherwise leave its CPR numbers behind.
  await rm(join(directory, formerSnapshotName), { force: true });
}

/** The snapshot's lines, each ending in `\n`. */
function* snapshotLines(snapshot: Snapshot): Generator<string> {
  for (const name of datasetNames) {
    const objects: readonly unknown[] = snapshot[name];
    yield JSON.stringify({ dataset: name, objects: objects.length }) + '\n';
    for (const object of objects) yield JSON.stringify(object) + '\n';
  }
}

const writeChunkChars = 1 << 20;

/** The lines joined into chunks of about a million characters: a write per line would be a system call per line. */
function* chunksOf(lines: Iterable<string>): Generator<Buffer> {
  let text = '';
  for (const line of lines) {
    text += line;
    if (text.length >= writeChunkChars) {
      yield Buffer.from(text);
      text = '';
    }
  }
  if (text.length > 0) yield Buffer.from(text);
}

interface Tally {
  bytes: number;
  hash: Hash;
}

/** The chunks unchanged, each counted and hashed into `tally` as it passes. */
function* tallied<T extends Uint8Array>(chunks: Iterable<T>, tally: Tally): Generator<T> {
  for (const chunk of chunks) {
    tally.bytes += chunk.length;
    tally.hash.update(chunk);
    yield chunk;
  }
}

export interface LoadedCache {
  manifest: CacheManifest;
  snapshot: Snapshot;
}

type Refuse = (problem: string) => P2lError;

/** Reads a cache back, refusing one of another format, a truncated or damaged one, or one whose checksum fails. */
export async function readCache(directory: string): Promise<LoadedCache> {
  const refuse: Refuse = (problem) => new P2lError(`cache ${directory} ${problem}: take a new one with p2l export --save-cache ${directory}`);
  const manifest = parseManifest(await readFile(join(directory, manifestName), 'utf8').catch(() => null), refuse);
  const handle = await open(join(directory, manifest.snapshot.file)).catch(() => null);
  if (handle === null) throw refuse(`has no ${manifest.snapshot.file}`);
  try {
    return { manifest, snapshot: await checkedSnapshot(handle, manifest, refuse) };
  } finally {
    await handle.close();
  }
}

/**
 * The snapshot, parsed a line at a time while its bytes are hashed; answered
 * only once its size and checksum hold. The size is checked first too, so a
 * truncated cache is refused before any parsing.
 */
async function checkedSnapshot(handle: FileHandle, manifest: CacheManifest, refuse: Refuse): Promise<Snapshot> {
  checkSize((await handle.stat()).size, manifest, refuse);
  const hash = createHash('sha256');
  const assembly = snapshotAssembly(refuse);
  let bytes = 0;
  for await (const chunk of linesChunksOf(handle)) {
    bytes += chunk.bytes.length;
    hash.update(chunk.bytes);
    for (const line of chunk.lines) assembly.add(line);
  }
  checkSize(bytes, manifest, refuse);
  if (hash.digest('hex') !== manifest.snapshot.sha256) throw refuse('fails its checksum (the snapshot was changed or damaged)');
  return assembly.snapshot();
}

function checkSize(bytes: number, manifest: CacheManifest, refuse: Refuse): void {
  const expected = manifest.snapshot.bytes;
  if (bytes < expected) throw refuse(`is truncated (${bytes} of ${expected} bytes)`);
  if (bytes > expected) throw refuse(`holds ${bytes} bytes where its manifest says ${expected} (changed or damaged)`);
}

interface SnapshotAssembly {
  /** Takes the file's next line; throws a refusal for one that is not JSON or not what that place in the file holds. */
  add(line: string): void;
  /** The snapshot, once every dataset has had all its objects. */
  snapshot(): Snapshot;
}

/** Builds the snapshot from its lines in file order, keeping each dataset's objects in theirs. */
function snapshotAssembly(refuse: Refuse): SnapshotAssembly {
  const datasets: Partial<Record<DatasetName, unknown[]>> = {};
  const pool = new SharedValues();
  let lineNumber = 0;
  let current: { name: DatasetName; objects: unknown[] } | undefined;
  let left = 0;
  const misshapen = (where: string) => refuse(`holds no snapshot of the expected shape (${where} of ${snapshotName})`);
  return {
    add(line) {
      lineNumber += 1;
      const value = parsedLine(line, () => refuse(`has a ${snapshotName} whose line ${lineNumber} is not JSON (changed or damaged)`));
      if (current !== undefined && left > 0) {
        if (!isObject(value)) throw misshapen(`line ${lineNumber}`);
        try {
          // As MO's pages are (see shared-references.ts): a cache read back holds its repeated references once.
          current.objects.push(...shareRepeatedValues(current.name, [value] as Snapshot[DatasetName], pool));
        } catch {
          throw misshapen(`line ${lineNumber}`);
        }
        left -= 1;
        return;
      }
      const name = datasetNames[Object.keys(datasets).length];
      if (name === undefined || !isHeaderOf(name, value)) throw misshapen(`line ${lineNumber}`);
      current = { name, objects: [] };
      datasets[name] = current.objects;
      left = value.objects;
    },
    snapshot() {
      if (left > 0 || datasetNames.some((name) => datasets[name] === undefined)) throw misshapen(`the end after line ${lineNumber}`);
      return datasets as Snapshot;
    },
  };
}

function parsedLine(line: string, notJson: () => P2lError): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw notJson();
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHeaderOf(name: DatasetName, value: unknown): value is { dataset: DatasetName; objects: number } {
  if (!isObject(value) || !('dataset' in value) || !('objects' in value)) return false;
  return value.dataset === name && typeof value.objects === 'number' && Number.isSafeInteger(value.objects) && value.objects >= 0;
}

function parseManifest(text: string | null, refuse: Refuse): CacheManifest {
  const manifest = parsedManifest<CacheManifest>(text, manifestName, cacheFormat, refuse);
  const { snapshot, takenAt, today, backend, server } = manifest;
  if (!snapshot || typeof snapshot.bytes !== 'number' || typeof snapshot.sha256 !== 'string' || snapshot.file !== snapshotName) {
    throw refuse(`has a ${manifestName} without the snapshot's size and checksum`);
  }
  if (typeof takenAt !== 'string' || typeof today !== 'string' || typeof server !== 'string' || (backend !== 'mo' && backend !== 'lora')) {
    throw refuse(`has an incomplete ${manifestName}`);
  }
  return manifest as CacheManifest;
}
