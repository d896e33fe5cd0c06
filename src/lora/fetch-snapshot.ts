import pLimit from 'p-limit';
import type { MoClient } from '../mo/client.js';
import type { FetchPlan } from '../mo/fetch-snapshot.js';
import type { PageProgress } from '../mo/paginate.js';
import type { DatasetName, Snapshot } from '../snapshot.js';
import { P2lError } from '../util/errors.js';
import { windowFromToday, wholeHistory, type LoraClient, type LoraWindow } from './client.js';
import { lookUpDarAddresses } from './dar-lookup.js';
import { darAddressUuids, withResolvedDar } from './translate/dar.js';
import { translateSnapshot, type LoraData } from './translate/snapshot.js';
import type { LoraObject } from './wire.js';

export interface LoraFetchPlan extends FetchPlan {
  /** Look the units' DAR addresses up through MO's GraphQL API (LoRa holds only the DAR uuid). */
  resolveDar: boolean;
}

export interface LoraSnapshot {
  snapshot: Snapshot;
  /** Unit DAR addresses without MO's name and resolved fields: all of them without resolveDar, else those MO did not know. */
  unresolvedDar: number;
}

type WalkName = keyof LoraData;

interface Walk {
  path: string;
  filters?: Record<string, string>;
  /** The snapshot dataset whose progress this walk is. */
  dataset?: DatasetName;
  /** Over the whole history when the plan wants engagements' history. */
  history?: boolean;
}

const functions = '/organisation/organisationfunktion';

/** One `?list=1` walk per kind of object. The organisation object is not read: any parent that is no unit is "no parent". */
const walks: Record<WalkName, Walk> = {
  facets: { path: '/klassifikation/facet' },
  classes: { path: '/klassifikation/klasse', dataset: 'jobFunctions' },
  units: { path: '/organisation/organisationenhed', dataset: 'units' },
  persons: { path: '/organisation/bruger', dataset: 'persons' },
  engagements: { path: functions, filters: { funktionsnavn: 'Engagement' }, dataset: 'engagements', history: true },
  addresses: { path: functions, filters: { funktionsnavn: 'Adresse' } },
  managers: { path: functions, filters: { funktionsnavn: 'Leder' }, dataset: 'managers' },
};

const walkNames = Object.keys(walks) as WalkName[];

/**
 * Reads LoRa's objects (a bounded number of walks at a time), translates
 * them into the snapshot MO's documents would have answered, and, when
 * asked, fills in the units' DAR addresses from MO.
 */
export async function fetchSnapshotFromLora(lora: LoraClient, mo: MoClient | null, plan: LoraFetchPlan): Promise<LoraSnapshot> {
  if (plan.resolveDar && mo === null) throw new P2lError('resolving DAR addresses needs MO\'s GraphQL API, and no MO client was given');
  const limit = pLimit(plan.concurrency);
  const windowOf = (walk: Walk): LoraWindow => (walk.history && plan.withHistory ? wholeHistory : windowFromToday(plan.today));
  const onPage = (walk: Walk) => (progress: PageProgress) => {
    if (walk.dataset) plan.onProgress?.(walk.dataset, progress);
  };
  const lists = await Promise.all(
    walkNames.map((name) => {
      const walk = walks[name];
      return limit(() => lora.list({ path: walk.path, filters: walk.filters, window: windowOf(walk), pageSize: plan.pageSize, onPage: onPage(walk) }));
    }),
  );
  const data = Object.fromEntries(walkNames.map((name, i) => [name, lists[i] ?? []])) as Record<WalkName, LoraObject[]>;
  const snapshot = translateSnapshot(data, plan);
  const darUuids = darAddressUuids(snapshot.units);
  if (!plan.resolveDar || mo === null || darUuids.length === 0) return { snapshot, unresolvedDar: darUuids.length };
  const answers = await lookUpDarAddresses(mo, darUuids, plan);
  const { units, unresolved } = withResolvedDar(snapshot.units, answers);
  return { snapshot: { ...snapshot, units }, unresolvedDar: unresolved };
}
