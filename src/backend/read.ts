import { readCache, type CacheOrigin, type CacheScope } from '../cache/cache.js';
import { connectToLoraAndMo } from '../lora/connect.js';
import { fetchSnapshotFromLora } from '../lora/fetch-snapshot.js';
import { connectToMo } from '../mo/connect.js';
import { fetchSnapshot, type FetchPlan } from '../mo/fetch-snapshot.js';
import type { PageProgress } from '../mo/paginate.js';
import type { Settings } from '../settings/table.js';
import type { DatasetName, Snapshot } from '../snapshot.js';
import { P2lError } from '../util/errors.js';
import { ProgressLine } from '../util/progress.js';

/** Where a snapshot comes from: MO's GraphQL API, LoRa's OIO REST API, or a saved cache. */
export type Source = { kind: 'mo' } | { kind: 'lora' } | { kind: 'cache'; directory: string };

export interface ReadOptions {
  today: string;
  quiet: boolean;
  /** Engagements' whole history of start dates (the `earliest` variant). */
  withHistory: boolean;
  /** LoRa only: look DAR addresses up through MO's GraphQL API. */
  resolveDar: boolean;
  /** For cache age warnings. */
  now: Date;
}

export interface SnapshotRead {
  snapshot: Snapshot;
  origin: CacheOrigin;
  requests: number;
  bytesReceived: number;
  seconds: number;
  /** Things the summary should say about the read (e.g. DAR addresses left unresolved, an old cache). */
  notes: string[];
}

/** `mo`, `lora` or `cache:DIR`, as --backend and p2l compare take them. */
export function parseSource(text: string): Source | undefined {
  if (text === 'mo' || text === 'lora') return { kind: text };
  if (text.startsWith('cache:') && text.length > 'cache:'.length) return { kind: 'cache', directory: text.slice('cache:'.length) };
  return undefined;
}

export function describeSource(source: Source): string {
  return source.kind === 'cache' ? `cache:${source.directory}` : source.kind;
}

/** Reads a snapshot from the source, with progress on stderr while fetching. */
export async function readSnapshot(source: Source, settings: Settings, options: ReadOptions): Promise<SnapshotRead> {
  const started = performance.now();
  const done = (read: Omit<SnapshotRead, 'seconds'>): SnapshotRead => ({ ...read, seconds: (performance.now() - started) / 1000 });
  switch (source.kind) {
    case 'mo':
      return done(await readFromMo(settings, options));
    case 'lora':
      return done(await readFromLora(settings, options));
    case 'cache':
      return done(await readFromCache(source.directory, settings, options));
  }
}

function progressReporter(quiet: boolean): { line: ProgressLine; onProgress: (dataset: DatasetName, progress: PageProgress) => void } {
  const line = new ProgressLine(quiet);
  return { line, onProgress: (dataset, { objects, pages }) => line.update(dataset, `${objects} objects / ${pages} pages`) };
}

/** What to fetch, from the settings and the run's options. */
function fetchPlanOf(settings: Settings, options: ReadOptions, onProgress: FetchPlan['onProgress']): FetchPlan {
  return {
    today: options.today,
    rootUnit: settings.rootUnit,
    engagementTypes: settings.allowedEngagementTypes,
    withHistory: options.withHistory,
    positionExtensionField: settings.positionExtensionField,
    pageSize: settings.pageSize,
    concurrency: settings.concurrency,
    onProgress,
  };
}

async function readFromMo(settings: Settings, options: ReadOptions): Promise<Omit<SnapshotRead, 'seconds'>> {
  const client = connectToMo(settings);
  const { line, onProgress } = progressReporter(options.quiet);
  const snapshot = await fetchSnapshot(client, fetchPlanOf(settings, options, onProgress)).finally(() => line.done());
  const origin: CacheOrigin = { backend: 'mo', server: settings.moBase, today: options.today, withHistory: options.withHistory, scope: scopeOf(settings) };
  return { snapshot, origin, ...client.traffic, notes: [] };
}

async function readFromLora(settings: Settings, options: ReadOptions): Promise<Omit<SnapshotRead, 'seconds'>> {
  const { lora, mo } = connectToLoraAndMo(settings);
  const { line, onProgress } = progressReporter(options.quiet);
  const { snapshot, notLookedUp } = await fetchSnapshotFromLora(lora, options.resolveDar ? mo : null, {
    ...fetchPlanOf(settings, options, onProgress),
    resolveDar: options.resolveDar,
  }).finally(() => line.done());
  const origin: CacheOrigin = { backend: 'lora', server: settings.loraBase, today: options.today, withHistory: options.withHistory, scope: scopeOf(settings) };
  const notes = notLookedUp > 0 ? [`${notLookedUp} unit DAR addresses left without street and postal code (--no-resolve-dar)`] : [];
  return {
    snapshot,
    origin,
    requests: lora.traffic.requests + mo.traffic.requests,
    bytesReceived: lora.traffic.bytesReceived + mo.traffic.bytesReceived,
    notes,
  };
}

async function readFromCache(directory: string, settings: Settings, options: ReadOptions): Promise<Omit<SnapshotRead, 'seconds'>> {
  const { manifest, snapshot } = await readCache(directory);
  if (manifest.today > options.today) {
    throw new P2lError(
      `cache ${directory} holds MO as of ${manifest.today}, so it cannot export for the earlier day ${options.today}: give --today ${manifest.today} or later`,
      2,
    );
  }
  if (options.withHistory && !manifest.withHistory) {
    throw new P2lError(
      `cache ${directory} was taken without engagement history, which start_date "earliest" needs: take it again with the same settings (p2l export --save-cache ${directory})`,
      2,
    );
  }
  const differs = scopeDifference(manifest.scope, scopeOf(settings));
  if (differs) {
    throw new P2lError(
      `cache ${directory} was taken for ${differs.cache}, and the settings give ${differs.settings}: take it again with these settings (p2l export --save-cache ${directory})`,
      2,
    );
  }
  const ageHours = (options.now.getTime() - Date.parse(manifest.takenAt)) / 3_600_000;
  const notes = [`read from cache ${directory}: ${manifest.backend} at ${manifest.server}, taken ${manifest.takenAt}`];
  if (ageHours > settings.cacheMaxAgeHours) {
    notes.push(`warning: the cache is ${Math.floor(ageHours)} hours old, older than exporters.plan2learn.cache_max_age_hours (${settings.cacheMaxAgeHours})`);
  }
  return { snapshot, origin: manifest, requests: 0, bytesReceived: 0, notes };
}

/** The part of the settings that decides what MO is asked for, so a cache taken under other settings is not read as if whole. */
function scopeOf(settings: Settings): CacheScope {
  return {
    rootUnit: settings.rootUnit,
    engagementTypes: [...settings.allowedEngagementTypes].sort(),
    positionExtensionField: settings.positionExtensionField,
  };
}

const scopeNames: Record<keyof CacheScope, string> = {
  rootUnit: 'root unit',
  engagementTypes: 'engagement types',
  positionExtensionField: 'extension field',
};

/** The first part of the scope in which a cache and the settings differ, said both ways; undefined when they agree. */
function scopeDifference(cache: CacheScope, settings: CacheScope): { cache: string; settings: string } | undefined {
  for (const key of Object.keys(scopeNames) as (keyof CacheScope)[]) {
    const [inCache, inSettings] = [JSON.stringify(cache[key]), JSON.stringify(settings[key])];
    if (inCache !== inSettings) return { cache: `${scopeNames[key]} ${inCache}`, settings: `${scopeNames[key]} ${inSettings}` };
  }
  return undefined;
}
