/**
 * LoRa's OIO REST API (GET only) over the dataset: the endpoints, the
 * list and search operations with their paging, and the answers.
 * The server (server.ts) does the token check, faults and counting first.
 */
import type { Dataset } from '../../dataset/format.js';
import { compareCodePoints } from '../../util/order.js';
import { json, type Reply } from '../http.js';
import { memo } from '../memo.js';
import type { Store } from '../store.js';
import { instantText, type Instant } from '../time.js';
import type { Window } from '../window.js';
import { emptyWindow } from './elements.js';
import { kindSpecs, type OrganisationData } from './encode.js';
import { loraKind, type Criteria, type LoraKind } from './kinds.js';
import { parseLoraQuery, type LoraQuery, type SearchParameters } from './params.js';
import type { Source } from './timeline.js';

export interface LoraApi {
  /** The answer to GET /lora/<path>?<search>; `now` is the default virkning. */
  answer(path: string, search: URLSearchParams, now: Instant): Reply;
}

interface Endpoint {
  kinds: readonly LoraKind[];
  parameters: SearchParameters;
}

interface Entry {
  kind: LoraKind;
  uuid: string;
}

/** The user LoRa's sample registrations name as brugerref. */
const moUser = '42c432e8-9c4a-11e6-9f62-873cf34a735f';

const notFound = json(404, { detail: 'Not Found' });

interface Sources<T> {
  sorted: readonly Source<T>[];
  byUuid: ReadonlyMap<string, Source<T>>;
}

/** Objects valid always (facets, classes, the organisation): one span from -infinity to infinity. */
function alwaysValid<T extends { uuid: string }>(items: readonly T[]): Sources<T> {
  const sorted = items
    .map((item) => ({ uuid: item.uuid, versions: [{ data: item, start: -Infinity, end: Infinity }] }))
    .sort((a, b) => compareCodePoints(a.uuid, b.uuid));
  return { sorted, byUuid: new Map(sorted.map((source) => [source.uuid, source])) };
}

function endpoints(dataset: Dataset, store: Store): ReadonlyMap<string, Endpoint> {
  const specs = kindSpecs({
    organisation: dataset.organisation,
    classes: store.classes.byUuid,
    facets: new Map(dataset.facets.map((facet) => [facet.user_key, facet.uuid])),
  });
  const organisation: OrganisationData & { uuid: string } = { uuid: dataset.organisation, name: dataset.name };
  const gyldighed: SearchParameters = { state: 'gyldighed', properties: [] };
  const publiceret: SearchParameters = { state: 'publiceret', properties: [] };
  return new Map<string, Endpoint>([
    ['klassifikation/facet', { kinds: [loraKind(specs.facet, alwaysValid(dataset.facets))], parameters: publiceret }],
    ['klassifikation/klasse', { kinds: [loraKind(specs.klasse, alwaysValid(store.classes.sorted))], parameters: publiceret }],
    ['organisation/organisation', { kinds: [loraKind(specs.organisation, alwaysValid([organisation]))], parameters: gyldighed }],
    ['organisation/organisationenhed', { kinds: [loraKind(specs.organisationenhed, store.units)], parameters: gyldighed }],
    ['organisation/bruger', { kinds: [loraKind(specs.bruger, store.persons)], parameters: gyldighed }],
    [
      'organisation/organisationfunktion',
      {
        kinds: [loraKind(specs.engagement, store.engagements), loraKind(specs.adresse, store.addresses), loraKind(specs.leder, store.managers)],
        parameters: { state: 'gyldighed', properties: ['funktionsnavn'] },
      },
    ],
  ]);
}

function merge(a: readonly Entry[], b: readonly Entry[]): Entry[] {
  const merged: Entry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && compareCodePoints(x.uuid, y.uuid) <= 0)) {
      merged.push(x as Entry);
      i++;
    } else {
      merged.push(y);
      j++;
    }
  }
  return merged;
}

const entriesOf = (kind: LoraKind): Entry[] => kind.uuids().map((uuid) => ({ kind, uuid }));

/** `served` is told the objects of each answer, by path (e.g. `organisation/bruger`). */
export function loraApi(dataset: Dataset, store: Store, registeredAt: Instant, served: (path: string, objects: number) => void = () => undefined): LoraApi {
  const byPath = endpoints(dataset, store);
  const header = {
    fratidspunkt: { tidsstempeldatotid: instantText(registeredAt), graenseindikator: true },
    tiltidspunkt: { tidsstempeldatotid: 'infinity' },
    livscykluskode: 'Importeret',
    note: 'Oprettet i MO',
    brugerref: moUser,
  };
  // The candidates of a kind selection, and the matches of a search: a paged walk asks for the same ones once per page.
  const candidateLists = memo<readonly Entry[]>(16);
  const matchLists = memo<readonly Entry[]>(8);

  /** Every object of the selected kinds, ordered by uuid. */
  const allOf = (path: string, kinds: readonly LoraKind[], endpoint: Endpoint): readonly Entry[] =>
    candidateLists(`${path} ${kinds.map((kind) => endpoint.kinds.indexOf(kind)).join(',')}`, () => kinds.map(entriesOf).reduce(merge, []));

  const withUuids = (kinds: readonly LoraKind[], uuids: readonly string[]): Entry[] =>
    [...uuids].sort(compareCodePoints).flatMap((uuid) => kinds.filter((kind) => kind.has(uuid)).map((kind) => ({ kind, uuid })));

  function matching(path: string, endpoint: Endpoint, query: LoraQuery): readonly Entry[] {
    const { criteria, window, uuids } = query;
    if (emptyWindow(window)) return [];
    const kinds = endpoint.kinds.filter((kind) => kind.mayMatch(criteria));
    const keep = (entries: readonly Entry[]): Entry[] => entries.filter(({ kind, uuid }) => kind.matches(uuid, criteria, window));
    if (uuids !== null) return keep(withUuids(kinds, uuids));
    return matchLists(matchKey(path, criteria, window), () => keep(allOf(path, kinds, endpoint)));
  }

  const objectOf = ({ kind, uuid }: Entry, query: LoraQuery) => ({
    id: uuid,
    registreringer: [{ ...header, ...kind.lists(uuid, query.window, query.consolidated) }],
  });

  return {
    answer(path, search, now) {
      const name = path.replace(/^\/lora\//, '').replace(/\/$/, '');
      const endpoint = byPath.get(name);
      if (endpoint === undefined) return notFound;
      const query = parseLoraQuery(search, endpoint.parameters, now);
      if ('error' in query) return json(400, { message: query.error });
      const matches = matching(name, endpoint, query);
      const page = query.limit === null ? matches.slice(query.offset) : matches.slice(query.offset, query.offset + query.limit);
      const results = query.wholeObjects ? page.map((entry) => objectOf(entry, query)) : page.map((entry) => entry.uuid);
      served(name, results.length);
      return json(200, { results: [results] });
    },
  };
}

const matchKey = (path: string, criteria: Criteria, window: Window): string => `${path} ${JSON.stringify(criteria)} ${window.start} ${window.end}`;
