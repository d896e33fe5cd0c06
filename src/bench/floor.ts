/**
 * The fetch floor: the same pages the exporter reads, fetched by the
 * barest client that can read them (plain fetch, one token from the
 * simulator's token endpoint, the same cursors or LoRa pages, page size and
 * concurrency), each answer parsed as JSON and thrown away. For a cache the
 * floor is reading and parsing its snapshot file. What the exporter spends
 * above this is its own overhead.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { print, type DocumentNode } from 'graphql';
import { snapshotName } from '../cache/cache.js';
import {
  ClassesDocument,
  DarAddressNamesDocument,
  DarAddressesDocument,
  EngagementsDocument,
  JobFunctionsDocument,
  ManagersDocument,
  PersonsDocument,
  UnitsDocument,
} from '../generated/graphql.js';
import type { Settings } from '../settings/table.js';
import { copenhagenMidnightText } from '../util/days.js';
import { compareCodePoints } from '../util/order.js';
import { linesChunksOf } from '../util/files.js';

export interface FloorResult {
  /** From the token request to the last answer parsed. */
  seconds: number;
  /** HTTP requests for data (the token request not counted, as in the exporter's summary). */
  requests: number;
  /** Body bytes received (for a cache: the snapshot file's size). */
  bytes: number;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Runs the tasks in order, at most `concurrency` at once (as p-limit over Promise.all does). */
async function runBounded(tasks: readonly (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let task = tasks[next++]; task; task = tasks[next++]) await task();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}

/** Plain fetch with one bearer token, counting requests and body bytes. */
class BareClient {
  requests = 0;
  bytes = 0;
  private token = '';

  constructor(private readonly settings: Settings) {}

  async fetchToken(): Promise<void> {
    const url = `${this.settings.authServer}/realms/${encodeURIComponent(this.settings.authRealm)}/protocol/openid-connect/token`;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.settings.clientId, client_secret: this.settings.clientSecret });
    const answer = await this.parsed(url, await fetch(url, { method: 'POST', body }));
    if (!isRecord(answer) || typeof answer['access_token'] !== 'string') throw new Error(`${url} gave no access_token`);
    this.token = answer['access_token'];
  }

  async graphql(query: string, operationName: string, variables: Json): Promise<unknown> {
    const url = `${this.settings.moBase}/graphql/v29`;
    this.requests++;
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables, operationName }),
    });
    return this.parsed(url, response);
  }

  async get(url: string): Promise<unknown> {
    this.requests++;
    return this.parsed(url, await fetch(url, { headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' } }));
  }

  private async parsed(url: string, response: Response): Promise<unknown> {
    const body = await response.arrayBuffer();
    this.bytes += body.byteLength;
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    return JSON.parse(new TextDecoder().decode(body)) as unknown;
  }
}

/** One GraphQL document walked by cursor. */
interface CursorWalk {
  document: DocumentNode;
  /** The paged field under `data`, e.g. `org_units`. */
  field: string;
  variables: Json;
}

function operationNameOf(document: DocumentNode): string {
  const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition');
  return operation?.kind === 'OperationDefinition' && operation.name ? operation.name.value : 'query';
}

function nextCursor(answer: unknown, field: string): string | null {
  const page = isRecord(answer) && isRecord(answer['data']) ? answer['data'][field] : undefined;
  const pageInfo = isRecord(page) ? page['page_info'] : undefined;
  const cursor = isRecord(pageInfo) ? pageInfo['next_cursor'] : undefined;
  if (cursor === null || typeof cursor === 'string') return cursor;
  const errors = isRecord(answer) ? JSON.stringify(answer['errors'] ?? null) : 'none';
  throw new Error(`the answer has no ${field}.page_info.next_cursor (errors: ${errors})`);
}

/** `limit: pageSize, cursor: null`, then each next cursor (from the answer, by `next`) until it is null, as src/mo/paginate.ts walks. */
async function walkPages(client: BareClient, walk: CursorWalk, pageSize: number, next: (answer: unknown) => string | null): Promise<void> {
  const query = print(walk.document);
  const operationName = operationNameOf(walk.document);
  let cursor: string | null = null;
  do {
    cursor = next(await client.graphql(query, operationName, { ...walk.variables, limit: pageSize, cursor }));
  } while (cursor !== null);
}

/** Address uuids per DAR lookup request, as src/dar/resolve.ts batches them. */
const darBatchSize = 200;

/** The address uuids whose every version MO names other than `Ukendt` in a DarAddressNames answer. */
function namedAddresses(answer: unknown): Set<string> {
  const page = isRecord(answer) && isRecord(answer['data']) ? answer['data']['addresses'] : undefined;
  const objects = isRecord(page) && Array.isArray(page['objects']) ? (page['objects'] as unknown[]) : [];
  const named = new Set<string>();
  for (const object of objects) {
    if (!isRecord(object) || typeof object['uuid'] !== 'string' || !Array.isArray(object['validities'])) continue;
    const names = (object['validities'] as unknown[]).map((version) => (isRecord(version) ? version['name'] : null));
    if (names.every((name) => typeof name === 'string' && name !== 'Ukendt')) named.add(object['uuid']);
  }
  return named;
}

/**
 * The DAR step's requests (src/dar/resolve.ts) for the given address uuids,
 * in batches: each batch's DarAddresses pages; when MO's answer fails (a
 * DAR address it cannot resolve nulls the page), the batch's texts
 * (DarAddressNames) and DarAddresses again for those not named `Ukendt`.
 * (The step's halving, for when the texts cannot tell, is not played: it
 * needs DAR time-outs.)
 */
function darLookups(client: BareClient, darUuids: readonly string[], today: string, pageSize: number): (() => Promise<void>)[] {
  const at = copenhagenMidnightText(today);
  const lookups: (() => Promise<void>)[] = [];
  for (let i = 0; i < darUuids.length; i += darBatchSize) {
    const uuids = darUuids.slice(i, i + darBatchSize);
    const walk = (document: DocumentNode, batch: readonly string[], next: (answer: unknown) => string | null) =>
      walkPages(client, { document, field: 'addresses', variables: { uuids: batch, today: at } }, pageSize, next);
    lookups.push(async () => {
      let failed = false;
      await walk(DarAddressesDocument, uuids, (answer) => {
        failed = isRecord(answer) && answer['data'] === null;
        return failed ? null : nextCursor(answer, 'addresses');
      });
      if (!failed) return;
      const named = new Set<string>();
      await walk(DarAddressNamesDocument, uuids, (answer) => {
        for (const uuid of namedAddresses(answer)) named.add(uuid);
        return nextCursor(answer, 'addresses');
      });
      const rest = uuids.filter((uuid) => named.has(uuid));
      if (rest.length > 0 && rest.length < uuids.length) await walk(DarAddressesDocument, rest, (answer) => nextCursor(answer, 'addresses'));
    });
  }
  return lookups;
}

/** The uuids found under each key of `into` anywhere in an answer, into that key's set: `key: { uuid }`, or `key: { objects: [{ uuid }] }`. */
function referencedUuids(answer: unknown, into: ReadonlyMap<string, Set<string>>): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      const uuids = into.get(key);
      if (uuids && isRecord(inner)) {
        if (typeof inner['uuid'] === 'string') uuids.add(inner['uuid']);
        else if (Array.isArray(inner['objects']))
          for (const item of inner['objects']) if (isRecord(item) && typeof item['uuid'] === 'string') uuids.add(item['uuid']);
      } else visit(inner);
    }
  };
  visit(answer);
}

/** The class references of src/mo/shared-references.ts. */
const classKeys = ['unit_level_response', 'engagement_type_response', 'address_type_response', 'visibility_response', 'responsibilities_response'];

/** What a page tells in one walk: the classes it refers to into `classes`, and the uuids under each key of `more` into that key's set. */
function uuidsInto(classes: Set<string>, more: Record<string, Set<string>> = {}): (answer: unknown) => void {
  const into = new Map([...classKeys.map((key): [string, Set<string>] => [key, classes]), ...Object.entries(more)]);
  return (answer) => referencedUuids(answer, into);
}

/** What the MO floor learns from the pages as they arrive, to ask the follow-up requests the exporter asks. */
interface Found {
  classes: Set<string>;
  persons: Set<string>;
  darAddresses: Set<string>;
}

/** The walks of src/mo/fetch-snapshot.ts, in its order, with its variables, and what each page tells of the follow-ups. */
function moWalks(settings: Settings, today: string, found: Found): (CursorWalk & { take: (answer: unknown) => void })[] {
  const at = copenhagenMidnightText(today);
  const root = [settings.rootUnit];
  return [
    { document: UnitsDocument, field: 'org_units', variables: { root, today: at }, take: uuidsInto(found.classes, { addresses_response: found.darAddresses }) },
    {
      document: EngagementsDocument,
      field: 'engagements',
      variables: { root, types: settings.allowedEngagementTypes, today: at, withHistory: false, [settings.positionExtensionField]: true },
      take: uuidsInto(found.classes, { person_response: found.persons }),
    },
    { document: ManagersDocument, field: 'managers', variables: { root, today: at }, take: uuidsInto(found.classes) },
    { document: JobFunctionsDocument, field: 'classes', variables: { today: at }, take: () => undefined },
  ];
}

async function timed(client: BareClient, work: () => Promise<void>): Promise<FloorResult> {
  const started = performance.now();
  await client.fetchToken();
  await work();
  return { seconds: (performance.now() - started) / 1000, requests: client.requests, bytes: client.bytes };
}

/** Each batch of a page of uuids walked with the document, as src/mo/fetch-snapshot.ts asks the persons. */
function byUuid(
  client: BareClient,
  document: DocumentNode,
  field: string,
  uuids: readonly string[],
  today: string,
  pageSize: number,
  take: (answer: unknown) => void,
): (() => Promise<void>)[] {
  const at = copenhagenMidnightText(today);
  const batches: (() => Promise<void>)[] = [];
  for (let i = 0; i < uuids.length; i += pageSize) {
    const batch = uuids.slice(i, i + pageSize);
    batches.push(() =>
      walkPages(client, { document, field, variables: { uuids: batch, today: at } }, pageSize, (answer) => (take(answer), nextCursor(answer, field))),
    );
  }
  return batches;
}

/**
 * The MO backend's pages: the walks, `concurrency` at a time; the persons
 * the engagements name, by uuid in batches of a page; the classes referred
 * to, once; then the DAR step's lookups of the units' DAR addresses. (The
 * exporter asks the persons' batches while the engagements still arrive;
 * here they follow the walks, which costs the floor time, never requests.)
 */
export function moFloor(settings: Settings, today: string): Promise<FloorResult> {
  const client = new BareClient(settings);
  const found: Found = { classes: new Set(), persons: new Set(), darAddresses: new Set() };
  const walks = moWalks(settings, today, found).map(
    (walk) => () => walkPages(client, walk, settings.pageSize, (answer) => (walk.take(answer), nextCursor(answer, walk.field))),
  );
  return timed(client, async () => {
    await runBounded(walks, settings.concurrency);
    await runBounded(byUuid(client, PersonsDocument, 'persons', [...found.persons], today, settings.pageSize, uuidsInto(found.classes)), settings.concurrency);
    // The classes in one walk of every uuid, as the exporter asks them.
    await walkPages(
      client,
      { document: ClassesDocument, field: 'classes', variables: { uuids: [...found.classes].sort(compareCodePoints), today: copenhagenMidnightText(today) } },
      settings.pageSize,
      (answer) => nextCursor(answer, 'classes'),
    );
    const darUuids = [...found.darAddresses].sort(compareCodePoints);
    await runBounded(darLookups(client, darUuids, today, settings.pageSize), settings.concurrency);
  });
}

/** The `?list=1` walks of src/lora/fetch-snapshot.ts, in its order. */
const loraWalks: readonly { path: string; funktionsnavn?: string }[] = [
  { path: '/klassifikation/facet' },
  { path: '/klassifikation/klasse' },
  { path: '/organisation/organisationenhed' },
  { path: '/organisation/bruger' },
  { path: '/organisation/organisationfunktion', funktionsnavn: 'Engagement' },
  { path: '/organisation/organisationfunktion', funktionsnavn: 'Adresse' },
  { path: '/organisation/organisationfunktion', funktionsnavn: 'Leder' },
];

/** Objects in a `{"results": [[...]]}` answer. */
function loraObjectCount(answer: unknown): number {
  const results = isRecord(answer) ? answer['results'] : undefined;
  if (!Array.isArray(results)) throw new Error('a LoRa answer without "results"');
  return results.reduce((sum: number, page: unknown) => sum + (Array.isArray(page) ? page.length : 0), 0);
}

/** Pages by foersteresultat/maximalantalresultater until one is short, as src/lora/client.ts pages. */
async function walkLora(client: BareClient, base: string, walk: (typeof loraWalks)[number], today: string, pageSize: number): Promise<void> {
  for (let offset = 0; ; offset += pageSize) {
    const params = new URLSearchParams({
      bvn: '%',
      list: '1',
      ...(walk.funktionsnavn ? { funktionsnavn: walk.funktionsnavn } : {}),
      virkningfra: today,
      virkningtil: 'infinity',
      foersteresultat: String(offset),
      maximalantalresultater: String(pageSize),
    });
    if (loraObjectCount(await client.get(`${base}${walk.path}?${params.toString()}`)) < pageSize) return;
  }
}

/**
 * The LoRa backend's pages: the seven list walks, then the DAR lookups
 * through MO's GraphQL API in batches of the given address uuids (those
 * the exporter looks up), as the DAR step asks them, `concurrency` at a time.
 */
export function loraFloor(settings: Settings, today: string, darUuids: readonly string[]): Promise<FloorResult> {
  const client = new BareClient(settings);
  const base = settings.loraBase.replace(/\/+$/, '');
  const lists = loraWalks.map((walk) => () => walkLora(client, base, walk, today, settings.pageSize));
  const lookups = darLookups(client, darUuids, today, settings.pageSize);
  return timed(client, async () => {
    await runBounded(lists, settings.concurrency);
    await runBounded(lookups, settings.concurrency);
  });
}

/** The cache backend's floor: read the snapshot file and parse it, a line at a time as the exporter does. */
export async function cacheFloor(directory: string): Promise<FloorResult> {
  const started = performance.now();
  const handle = await open(join(directory, snapshotName));
  let bytes = 0;
  try {
    for await (const chunk of linesChunksOf(handle)) {
      bytes += chunk.bytes.length;
      for (const line of chunk.lines) JSON.parse(line);
    }
  } finally {
    await handle.close();
  }
  return { seconds: (performance.now() - started) / 1000, requests: 0, bytes };
}
