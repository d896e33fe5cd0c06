import pLimit from 'p-limit';
import { ClassesDocument, EngagementsDocument, JobFunctionsDocument, ManagersDocument, PersonsDocument, UnitsDocument } from '../generated/graphql.js';
import { resolveDarAddresses, unitDarAddressUuids } from '../dar/resolve.js';
import type { ExtensionField } from '../export/options.js';
import type { DatasetName, Snapshot, WireSnapshot } from '../snapshot.js';
import { copenhagenMidnightText } from '../util/days.js';
import { compareCodePoints } from '../util/order.js';
import type { MoClient } from './client.js';
import { asReceived, fetchAllPages, type PageProgress, type PageVariables, type WalkRequest } from './paginate.js';
import { SharedValues, shareRepeatedValues, type SnapshotObject, type WireObject } from './shared-references.js';

/** What to fetch: the moment, the scope, and how hard to push MO. */
export interface FetchPlan {
  /** YYYY-MM-DD in Copenhagen; every document asks for versions from this day on. */
  today: string;
  rootUnit: string;
  engagementTypes: string[];
  /** Fetch each engagement's whole history of start dates (the `earliest` start-date variant). */
  withHistory: boolean;
  /** The one engagement extension field the export reads (the Stilling); the others are not asked. */
  positionExtensionField: ExtensionField;
  pageSize: number;
  /** How many walks (or batches) are asked at once. */
  concurrency: number;
  onProgress?: (dataset: DatasetName, progress: PageProgress) => void;
}

type WalkedDataset = 'units' | 'engagements' | 'managers' | 'jobFunctions';

/** Walks one dataset's document to its end, keeping its objects as the snapshot holds them. */
type Walker = <K extends WalkedDataset, TResult, TVariables extends PageVariables>(
  dataset: K,
  request: WalkRequest<TResult, TVariables, WireObject<K>>,
) => Promise<SnapshotObject<K>[]>;

/**
 * The datasets walked whole, each limited by MO to what the export can use:
 * units, engagements and managers at or below the root, engagements of the
 * allowed types, and only the extension field the settings name.
 */
function walkTable(plan: FetchPlan, today: string): { [K in WalkedDataset]: (walk: Walker) => Promise<SnapshotObject<K>[]> } {
  const root = [plan.rootUnit];
  return {
    units: (walk) => walk('units', { document: UnitsDocument, variables: { root, today }, pageOf: (r) => r.org_units }),
    engagements: (walk) =>
      walk('engagements', {
        document: EngagementsDocument,
        variables: { root, types: plan.engagementTypes, today, withHistory: plan.withHistory, [plan.positionExtensionField]: true },
        pageOf: (r) => r.engagements,
      }),
    managers: (walk) => walk('managers', { document: ManagersDocument, variables: { root, today }, pageOf: (r) => r.managers }),
    jobFunctions: (walk) => walk('jobFunctions', { document: JobFunctionsDocument, variables: { today }, pageOf: (r) => r.classes }),
  };
}

/**
 * Reads everything the export needs from MO's GraphQL API: the walks of the
 * table above, a bounded number of requests at a time; the persons the
 * engagements name, by uuid in batches of a page, asked as the engagement
 * pages arrive; then the classes the objects refer to, each once; and the
 * batches of the units' DAR addresses. Requests grow with objects / page
 * size; nothing is fetched per person or per unit. Each page's repeated
 * references are shared as it arrives (see shared-references.ts).
 */
export async function fetchSnapshot(client: MoClient, plan: FetchPlan): Promise<Snapshot> {
  const today = copenhagenMidnightText(plan.today);
  const limit = pLimit(plan.concurrency);
  const pool = new SharedValues();
  const persons = new PersonBatches(client, plan, today, pool, limit);
  /** What else a walk does with each page, besides keeping it. */
  const alsoWith: { [K in WalkedDataset]?: (objects: WireObject<K>[]) => void } = { engagements: (page) => persons.askFor(page) };
  const walk: Walker = (dataset, request) =>
    limit(() =>
      fetchAllPages(client, request, {
        pageSize: plan.pageSize,
        onPage: (progress) => plan.onProgress?.(dataset, progress),
        take: (objects) => {
          alsoWith[dataset]?.(objects);
          return shareRepeatedValues(dataset, objects, pool);
        },
      }),
    );
  const walks = walkTable(plan, today);
  const [units, engagements, managers, jobFunctions] = await Promise.all([
    walks.units(walk),
    walks.engagements(walk).then(async (all) => (await persons.finish(), all)),
    walks.managers(walk),
    walks.jobFunctions(walk),
  ]);
  pool.answerClasses(
    await limit(() =>
      fetchAllPages(
        client,
        { document: ClassesDocument, variables: { uuids: pool.classUuids(), today }, pageOf: (r) => r.classes },
        { pageSize: plan.pageSize, take: asReceived },
      ),
    ),
  );
  // The units' DAR addresses are asked apart (see src/dar/resolve.ts), once the walks are done, as the
  // bench's floor asks them: asked beside the large walks they measured no faster against the simulator.
  const dar = await resolveDarAddresses(client, unitDarAddressUuids(units), {
    today: plan.today,
    pageSize: plan.pageSize,
    limit,
    onProgress: (settled) => plan.onProgress?.('darAddresses', { pages: 0, objects: settled }),
  });
  return {
    units,
    persons: persons.result(),
    engagements,
    managers,
    jobFunctions,
    darAddresses: shareRepeatedValues('darAddresses', dar.answers, pool),
    unresolvedDar: dar.unresolved.map((uuid) => ({ uuid })),
  };
}

/**
 * The persons the engagements name (any version's), each asked once, by uuid
 * in batches of a page: a batch is sent as soon as that many new persons are
 * known, so the persons arrive while the engagements are still walked.
 */
class PersonBatches {
  private readonly seen = new Set<string>();
  private pending: string[] = [];
  private readonly batches: Promise<Snapshot['persons']>[] = [];
  private fetched = 0;

  constructor(
    private readonly client: MoClient,
    private readonly plan: FetchPlan,
    private readonly today: string,
    private readonly pool: SharedValues,
    private readonly limit: <T>(run: () => Promise<T>) => Promise<T>,
  ) {}

  askFor(engagements: WireSnapshot['engagements']): void {
    for (const engagement of engagements) {
      for (const version of engagement.validities) {
        const uuid = version.person_response.uuid;
        if (this.seen.has(uuid)) continue;
        this.seen.add(uuid);
        this.pending.push(uuid);
      }
    }
    while (this.pending.length >= this.plan.pageSize) this.send(this.pending.splice(0, this.plan.pageSize));
  }

  /** Sends the last, short batch and waits for every batch. */
  async finish(): Promise<void> {
    if (this.pending.length > 0) this.send(this.pending.splice(0));
    await Promise.all(this.batches);
  }

  /** Every person fetched, in uuid order (batches arrive in any order). */
  result(): Snapshot['persons'] {
    return this.batchResults.flat().sort((a, b) => compareCodePoints(a.uuid, b.uuid));
  }

  private readonly batchResults: Snapshot['persons'][] = [];

  private send(uuids: string[]): void {
    const batch = this.limit(() =>
      fetchAllPages(
        this.client,
        { document: PersonsDocument, variables: { uuids, today: this.today }, pageOf: (r) => r.persons },
        { pageSize: this.plan.pageSize, take: (objects) => shareRepeatedValues('persons', objects, this.pool) },
      ),
    ).then((persons) => {
      this.batchResults.push(persons);
      this.fetched += persons.length;
      this.plan.onProgress?.('persons', { pages: this.batchResults.length, objects: this.fetched });
      return persons;
    });
    batch.catch(() => undefined);
    this.batches.push(batch);
  }
}
