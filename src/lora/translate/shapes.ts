/** The generated result types of MO's documents, by the parts the translation builds. */
import type { EngagementsQuery, JobFunctionsQuery, ManagersQuery, PersonsQuery, UnitsQuery } from '../../generated/graphql.js';

export type UnitObject = UnitsQuery['org_units']['objects'][number];
export type UnitVersionOut = UnitObject['validities'][number];
export type UnitAddress = UnitVersionOut['addresses_response']['objects'][number];
export type UnitAddressVersion = UnitAddress['validities'][number];

export type PersonObject = PersonsQuery['persons']['objects'][number];
export type PersonVersionOut = PersonObject['validities'][number];
export type PersonAddress = PersonVersionOut['addresses_response']['objects'][number];
export type PersonAddressVersion = PersonAddress['validities'][number];

export type EngagementObject = EngagementsQuery['engagements']['objects'][number];
export type EngagementVersionOut = EngagementObject['validities'][number];

export type ManagerObject = ManagersQuery['managers']['objects'][number];
export type ManagerVersionOut = ManagerObject['validities'][number];

export type JobFunctionObject = JobFunctionsQuery['classes']['objects'][number];
