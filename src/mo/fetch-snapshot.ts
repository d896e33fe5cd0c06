import pLimit from 'p-limit';
import {
  EngagementsDocument,
  JobFunctionsDocument,
  ManagersDocument,
  PersonsDocument,
  UnitsDocument,
} from '../generated/graphql.js';
import { resolveDarAddresses, unitDarAddressUuids } from '../dar/resolve.js';
import type { DatasetName, Snapshot } from '../snapshot.js';
import { copenhagenMidnightText } from '../util/days.js';
import type { MoClient } from './client.js';
import { fetchAllPages, type PageProgress } from './paginate.js';
import { SharedValues, shareRepeatedValues } from './shared-references.js';

/** What to fetch: the moment, the scope, and how hard to push MO. */
export interface FetchPlan {
  /** YYYY-MM-DD in Copenhagen; every document asks for versions from this day on. */
  today: string;
  rootUnit: string;
  engagementTypes: string[];
  /** Fetch each engagement's whole history of start dates (the `earliest` start-date variant). */
  withHistory: boolean;
  pageSize: number;
  /** How many datasets are walked at once. */
  concurrency: number;
  onProgress?: (dataset: DatasetName, progress: PageProgress) => void;
}

/**
 * Reads everything the export needs from MO's GraphQL API: one paginated walk
 * per dataset, a bounded number of walks at a time, and then the batches of
 * the units' DAR addresses. Requests grow with objects / page size;
 * nothing is fetched per person or per unit. Each page's
 * repeated references are shared as it arrives (see shared-references.ts).
 */
export async function fetchSnapshot(client: MoClient, plan: FetchPlan): Promise<Snapshot> {
  const today = copenhagenMidnightText(plan.today);
  const walk = <K extends DatasetName>(dataset: K, run: (onPage: (p: PageProgress) => void) => Promise<Snapshot[K]>) => () =>
    run((progress) => plan.onProgress?.(dataset, progress));
  const page = plan.pageSize;
  const limit = pLimit(plan.concurrency);
  const pool = new SharedValues();
  const share =
    <K extends DatasetName>(dataset: K) =>
    (objects: Snapshot[K]) =>
      shareRepeatedValues(dataset, objects, pool);
  const [units, persons, engagements, managers, jobFunctions] = await Promise.all([
    limit(walk('units', (onPage) => fetchAllPages(client, UnitsDocument, { root: [plan.rootUnit], today }, (r) => r.org_units, page, onPage, share('units')))),
    limit(walk('persons', (onPage) => fetchAllPages(client, PersonsDocument, { today }, (r) => r.persons, page, onPage, share('persons')))),
    limit(
      walk('engagements', (onPage) =>
        fetchAllPages(
          client,
          EngagementsDocument,
          { types: plan.engagementTypes, today, withHistory: plan.withHistory },
          (r) => r.engagements,
          page,
          onPage,
          share('engagements'),
        ),
      ),
    ),
    limit(walk('managers', (onPage) => fetchAllPages(client, ManagersDocument, { today }, (r) => r.managers, page, onPage, share('managers')))),
    limit(walk('jobFunctions', (onPage) => fetchAllPages(client, JobFunctionsDocument, { today }, (r) => r.classes, page, onPage, share('jobFunctions')))),
  ]);
  // The units' DAR addresses are asked apart (see src/dar/resolve.ts), once the walks are done, as the
  // bench's floor asks them: asked beside the large walks they measured no faster against the simulator.
  const dar = await resolveDarAddresses(client, unitDarAddressUuids(units), {
    today: plan.today,
    pageSize: page,
    limit,
    onProgress: (settled) => plan.onProgress?.('darAddresses', { pages: 0, objects: settled }),
  });
  share('darAddresses')(dar.answers);
  return { units, persons, engagements, managers, jobFunctions, darAddresses: dar.answers, unresolvedDar: dar.unresolved.map((uuid) => ({ uuid })) };
}
