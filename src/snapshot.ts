import type {
  EngagementsQuery,
  JobFunctionsQuery,
  ManagersQuery,
  PersonsQuery,
  UnitsQuery,
} from './generated/graphql.js';

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
}

export type DatasetName = keyof Snapshot;

export const datasetNames: readonly DatasetName[] = ['units', 'persons', 'engagements', 'managers', 'jobFunctions'];
