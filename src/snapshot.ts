import type {
  ClassRefFragment,
  DarAddressesQuery,
  EngagementsQuery,
  JobFunctionsQuery,
  ManagersQuery,
  PersonAddressVersionFragment,
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

/** A class reference as the snapshot holds it: the class once, its name and scope on the day (graphql/classes.graphql). */
export type ClassRef = ClassRefFragment;

/**
 * A document's type with its class references (`{ uuid }` on the wire)
 * answered from the classes: each is the class's ClassRef, shared.
 */
export type WithClasses<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? ClassRef | null : ClassRef };

type Replaced<T, K extends keyof T, V> = Omit<T, K> & { [P in K]: V };

type UnitWire = UnitsQuery['org_units']['objects'][number];
export type UnitVersion = WithClasses<UnitWire['validities'][number], 'unit_level_response'>;
export type UnitObject = Replaced<UnitWire, 'validities', UnitVersion[]>;

type PersonWire = PersonsQuery['persons']['objects'][number];
type PersonVersionWire = PersonWire['validities'][number];
export type PersonAddressVersion = WithClasses<PersonAddressVersionFragment, 'address_type_response' | 'visibility_response'>;
export type PersonAddress = { uuid: string; validities: PersonAddressVersion[] };
export type PersonVersion = Replaced<PersonVersionWire, 'addresses_response', { objects: PersonAddress[] }>;
export type PersonObject = Replaced<PersonWire, 'validities', PersonVersion[]>;

type EngagementWire = EngagementsQuery['engagements']['objects'][number];
export type EngagementVersion = WithClasses<EngagementWire['validities'][number], 'engagement_type_response'>;
export type EngagementObject = Replaced<EngagementWire, 'validities', EngagementVersion[]>;

type ManagerWire = ManagersQuery['managers']['objects'][number];
export type ManagerVersion = Replaced<ManagerWire['validities'][number], 'responsibilities_response', { objects: ClassRef[] }>;
export type ManagerObject = Replaced<ManagerWire, 'validities', ManagerVersion[]>;

export type JobFunctionObject = JobFunctionsQuery['classes']['objects'][number];

/**
 * Everything the export reads from MO: the objects of every query document,
 * as MO's GraphQL API types them, with each class reference answered once
 * per class (the documents ask a reference's uuid, graphql/classes.graphql
 * the class). Both backends (MO and LoRa) and the cache produce this;
 * everything after the fetch works on it alone.
 */
export interface Snapshot {
  units: UnitObject[];
  persons: PersonObject[];
  engagements: EngagementObject[];
  managers: ManagerObject[];
  jobFunctions: JobFunctionObject[];
  /** MO's answers for the units' DAR addresses it could resolve, by address UUID. */
  darAddresses: DarAnswer[];
  /** The units' DAR addresses MO could not resolve, by address UUID. */
  unresolvedDar: UnresolvedDar[];
}

/** What MO's documents answer, before their class references are answered (src/mo/shared-references.ts). */
export interface WireSnapshot {
  units: UnitWire[];
  persons: PersonWire[];
  engagements: EngagementWire[];
  managers: ManagerWire[];
  jobFunctions: JobFunctionObject[];
  darAddresses: DarAnswer[];
  unresolvedDar: UnresolvedDar[];
}

export type DatasetName = keyof Snapshot;

export const datasetNames: readonly DatasetName[] = ['units', 'persons', 'engagements', 'managers', 'jobFunctions', 'darAddresses', 'unresolvedDar'];
