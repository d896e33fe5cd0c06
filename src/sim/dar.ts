/**
 * The national address register (DAR) as MO meets it while answering: the
 * simulator plays DAR from the dataset's `dar` fields, and can be told to
 * fail the way DAR fails.
 *
 * As in MO (mora/service/address_handler/dar.py), each GraphQL request has
 * one lookup that gathers every DAR UUID its resolvers ask for and asks DAR
 * once for all of them:
 * - a UUID DAR does not know (a retired address; a dataset address without
 *   `dar`; one listed in `notFound`) has no answer;
 * - when DAR answers with an HTTP error (`down`), no UUID of the request has
 *   an answer;
 * - when DAR times out (a request that asks for a UUID listed in `timeout`),
 *   the lookup raises for every UUID of that request.
 * What MO makes of that is in resolvers.ts (mora/graphapi/collections/address.py):
 * without an answer the text is `Ukendt` and every structured field raises.
 */
import type { AddressVersion, DarFields } from '../dataset/format.js';
import type { Store } from './store.js';
import type { RequestContext } from './values.js';

/** MO's text for a DAR address DAR gave no answer for (mora/service/address_handler/dar.py). */
export const darUnknownName = 'Ukendt';

/** How DAR fails while the simulator answers (SimulatorOptions.darFailures). */
export interface DarFailures {
  /** DAR UUIDs DAR no longer knows (retired): MO names them `Ukendt` and their structured fields raise. */
  notFound?: readonly string[];
  /** DAR answers every lookup with an HTTP error: no DAR address resolves, and MO's `dar` health is false. */
  down?: boolean;
  /** DAR UUIDs whose lookup times out: every DAR address of a request that asks for one raises, its text included. */
  timeout?: readonly string[];
}

/** What the register answers for a DAR UUID: its fields, or null when there is no answer. */
export type DarLookup = (darUuid: string) => Promise<DarFields | null>;

/** The raised error of a lookup that timed out. */
export class DarTimeout extends Error {
  constructor() {
    super('the MO simulator: DAR did not answer in time');
  }
}

interface Waiting {
  darUuid: string;
  resolve: (fields: DarFields | null) => void;
  reject: (error: Error) => void;
}

/** The register: DAR UUID → fields, from every dataset address version of scope DAR that has them. */
export function darRegister(store: Store): ReadonlyMap<string, DarFields> {
  const register = new Map<string, DarFields>();
  const isDar = (data: AddressVersion) => store.classes.byUuid.get(data.address_type)?.scope === 'DAR';
  for (const address of store.addresses.sorted) {
    for (const { data } of address.versions) if (isDar(data) && data.dar && !register.has(data.value)) register.set(data.value, data.dar);
  }
  return register;
}

/**
 * The lookup of each request (by its context object): loads made while the
 * request's resolvers run are answered together, once the resolvers have
 * all been called (graphql-js calls the synchronous ones in one pass).
 */
export function darLookups(register: ReadonlyMap<string, DarFields>, failures: DarFailures = {}): (context: RequestContext) => DarLookup {
  const notFound = new Set(failures.notFound ?? []);
  const timeout = new Set(failures.timeout ?? []);
  const perRequest = new WeakMap<RequestContext, DarLookup>();

  const answerAll = (batch: readonly Waiting[]): void => {
    if (batch.some(({ darUuid }) => timeout.has(darUuid))) {
      for (const waiting of batch) waiting.reject(new DarTimeout());
      return;
    }
    for (const { darUuid, resolve } of batch) resolve(failures.down || notFound.has(darUuid) ? null : (register.get(darUuid) ?? null));
  };

  const lookupOf = (): DarLookup => {
    let batch: Waiting[] | undefined;
    return (darUuid) =>
      new Promise((resolve, reject) => {
        if (batch === undefined) {
          const current: Waiting[] = [];
          batch = current;
          setImmediate(() => {
            batch = undefined;
            answerAll(current);
          });
        }
        batch.push({ darUuid, resolve, reject });
      });
  };

  return (context) => {
    let lookup = perRequest.get(context);
    if (lookup === undefined) {
      lookup = lookupOf();
      perRequest.set(context, lookup);
    }
    return lookup;
  };
}

/** MO's text of a DAR answer: `Søndersøvej 2, 1. th, 8800 Viborg` (`Vej 2, th, …` without a floor). */
export function darAddressText(dar: DarFields): string {
  const floorAndDoor = [dar.floor === null ? null : `${dar.floor}.`, dar.door].filter((part) => part !== null).join(' ');
  return [`${dar.road_name} ${dar.house_number}`, floorAndDoor, `${dar.zip_code} ${dar.zip_code_name}`].filter((part) => part !== '').join(', ');
}
