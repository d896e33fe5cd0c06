import pLimit from 'p-limit';
import { DarAddressesDocument } from '../generated/graphql.js';
import type { MoClient } from '../mo/client.js';
import { fetchAllPages } from '../mo/paginate.js';
import { copenhagenMidnightText } from '../util/days.js';
import type { DarAnswer } from './translate/shapes.js';

export interface DarLookupPlan {
  /** YYYY-MM-DD in Copenhagen. */
  today: string;
  pageSize: number;
  concurrency: number;
  /** Address uuids per request. */
  batchSize?: number;
}

export const defaultDarBatchSize = 200;

function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/**
 * MO's answers for the given address uuids (the Adresse functions' ids),
 * from today on: name and resolved DAR fields, which LoRa does not hold.
 * Addresses MO does not know are absent from the map.
 */
export async function lookUpDarAddresses(mo: MoClient, uuids: readonly string[], plan: DarLookupPlan): Promise<Map<string, DarAnswer>> {
  const today = copenhagenMidnightText(plan.today);
  const limit = pLimit(plan.concurrency);
  const batches = batchesOf(uuids, plan.batchSize ?? defaultDarBatchSize);
  const answers = await Promise.all(
    batches.map((batch) => limit(() => fetchAllPages(mo, DarAddressesDocument, { uuids: batch, today }, (r) => r.addresses, plan.pageSize))),
  );
  return new Map(answers.flat().map((answer) => [answer.uuid, answer]));
}
