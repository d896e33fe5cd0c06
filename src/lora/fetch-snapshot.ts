import pLimit from 'p-limit';
import { resolveDarAddresses, unitDarAddressUuids } from '../dar/resolve.js';
import type { MoClient } from '../mo/client.js';
import type { FetchPlan } from '../mo/fetch-snapshot.js';
import type { PageProgress } from '../mo/paginate.js';
import type { DatasetName, Snapshot } from '../snapshot.js';
import { P2lError } from '../util/errors.js';
import { windowFromToday, wholeHistory, type ListRequest, type LoraClient } from './client.js';
import { classCatalogue } from './translate/classes.js';
import { objectKinds, startTranslation, type LoraData } from './translate/snapshot.js';

export interface LoraFetchPlan extends FetchPlan {
  /** Look the units' DAR addresses up through MO's GraphQL API (LoRa holds only the DAR uuid). */
  resolveDar: boolean;
}

export interface LoraSnapshot {
  snapshot: Snapshot;
  /** Unit DAR addresses not looked up at all (without resolveDar): left without street and postal code. */
  notLookedUp: number;
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

/**
 * Reads LoRa's objects (a bounded number of walks at a time), translates
 * them into the snapshot MO's documents would have answered, and, when
 * asked, adds MO's answers for the units' DAR addresses (LoRa holds only
 * the DAR UUID), as the MO backend does (src/dar/resolve.ts).
 *
 * The classification (facets and classes, a few hundred objects) is read
 * whole first, since translating the other kinds needs it; then the other
 * walks run, each object translated as its page arrives and let go, so that
 * what is held is the translation, not LoRa's objects.
 */
export async function fetchSnapshotFromLora(lora: LoraClient, mo: MoClient | null, plan: LoraFetchPlan): Promise<LoraSnapshot> {
  if (plan.resolveDar && mo === null) throw new P2lError("resolving DAR addresses needs MO's GraphQL API, and no MO client was given");
  const snapshot = await readSnapshot(lora, plan);
  const darUuids = unitDarAddressUuids(snapshot.units);
  if (!plan.resolveDar || mo === null) return { snapshot, notLookedUp: darUuids.length };
  const limit = pLimit(plan.concurrency);
  const dar = await resolveDarAddresses(mo, darUuids, {
    today: plan.today,
    pageSize: plan.pageSize,
    limit,
    onProgress: (settled) => plan.onProgress?.('darAddresses', { pages: 0, objects: settled }),
  });
  return { snapshot: { ...snapshot, darAddresses: dar.answers, unresolvedDar: dar.unresolved.map((uuid) => ({ uuid })) }, notLookedUp: 0 };
}

/** The snapshot of every walk, without MO's answers for the units' DAR addresses. */
async function readSnapshot(lora: LoraClient, plan: LoraFetchPlan): Promise<Snapshot> {
  const limit = pLimit(plan.concurrency);
  const requestOf = (walk: Walk): ListRequest => ({
    path: walk.path,
    filters: walk.filters,
    window: walk.history && plan.withHistory ? wholeHistory : windowFromToday(plan.today),
    pageSize: plan.pageSize,
    onPage: (progress: PageProgress) => {
      if (walk.dataset) plan.onProgress?.(walk.dataset, progress);
    },
  });
  const whole = (walk: Walk) => limit(() => lora.list(requestOf(walk)));
  const [facets, classes] = await Promise.all([whole(walks.facets), whole(walks.classes)]);
  const translation = startTranslation(classCatalogue(classes, facets, plan.today), plan);
  await Promise.all(objectKinds.map((kind) => limit(() => lora.eachObject(requestOf(walks[kind]), (object) => translation.add(kind, object)))));
  return translation.snapshot();
}
