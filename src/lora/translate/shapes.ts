/** The snapshot's types (MO's documents' result types, class references answered), by the parts the translation builds. */
import type {
  EngagementObject,
  EngagementVersion,
  JobFunctionObject,
  ManagerObject,
  ManagerVersion,
  PersonAddress,
  PersonAddressVersion,
  PersonObject,
  PersonVersion,
  UnitObject,
  UnitVersion,
} from '../../snapshot.js';

export type { EngagementObject, JobFunctionObject, ManagerObject, PersonAddress, PersonAddressVersion, PersonObject, UnitObject };
export type UnitVersionOut = UnitVersion;
export type UnitAddress = UnitVersionOut['addresses_response']['objects'][number];
export type UnitAddressVersion = UnitAddress['validities'][number];
export type PersonVersionOut = PersonVersion;
export type EngagementVersionOut = EngagementVersion;
export type ManagerVersionOut = ManagerVersion;
