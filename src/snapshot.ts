import type {
  DarAddressesQuery,
  EngagementsQuery,
  JobFunctionsQuery,
  ManagersQuery,
  PersonsQuery,
  UnitsQuery,
} from './generated/graphql.js';

/** MO's answer for one unit DAR address: its text and structured DAR fields (src/dar/resolve.ts). */
export type DarAnswer = DarAddressesQuery['addresses']['objects'][number];

/** A unit DAR address MO could not resolve (its text `Ukendt`, or errors at its DAR fields). */
export interface UnresolvedDar {
  /** The address's UUID (not the DAR UUID). */
  uuid: string;
}

/**
 * Everything the export reads from MO: the objects of every query document,
 * exactly as MO's GraphQL API types them. Both backends (MO and the LoRa
 * cache) produce this; everything after the fetch works on it alone.
 */
export interface Snapshot {
  units: UnitsQuery['org_units']['objects'];
  persons: PersonsQuery['persons']['objects'];
  engagements: EngagementsQuery['engagements']['objects'];
  managers: ManagersQuery['managers']['objects'];
  jobFunctions: JobFunctionsQuery['classes']['objects'];
  /** MO's answers for the units' DAR addresses it could resolve, by address UUID. */
  darAddresses: DarAnswer[];
  /** The units' DAR addresses MO could not resolve, by address UUID. */
  unresolvedDar: UnresolvedDar[];
}

export type DatasetName = keyof Snapshot;

export const datasetNames: readonly DatasetName[] = ['units', 'persons', 'engagements', 'managers', 'jobFunctions', 'darAddresses', 'unresolvedDar'];
