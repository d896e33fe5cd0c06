/**
 * The dataset format: one JSON file holding a whole municipality as MO
 * keeps it, for the simulator to serve and the generator to write.
 * README.md ("Dataset format") documents it for people.
 *
 * Every temporal object is a list of versions. A version is valid from
 * `from` to `to`, both whole calendar days and both inclusive, `to: null`
 * meaning open-ended, exactly as MO's GraphQL validities. The versions of
 * one object must not overlap; gaps are allowed (the object does not exist
 * then). References are UUIDs of other objects in the same file.
 */

export const datasetFormat = 'p2l-dataset/1';

/** YYYY-MM-DD */
export type Day = string;

export interface Validity {
  from: Day;
  to: Day | null;
}

export interface Temporal<V extends Validity> {
  uuid: string;
  versions: V[];
}

export interface Facet {
  uuid: string;
  /** MO's facet user_key, e.g. "engagement_job_function", "visibility". */
  user_key: string;
}

/** Classes are not temporal: valid always, as MO's classes usually are. */
export interface Class {
  uuid: string;
  /** user_key of the class's facet. */
  facet: string;
  user_key: string;
  name: string;
  /** e.g. "EMAIL", "PHONE", "DAR" for address types; "PUBLIC", "SECRET" for visibility; "3000" for primary. */
  scope: string | null;
}

export interface UnitVersion extends Validity {
  name: string;
  user_key: string;
  /** null: a top unit (directly under the organisation). */
  parent: string | null;
  /** org_unit_level class, or null. */
  level: string | null;
}

export interface PersonVersion extends Validity {
  /** 10 digits, or null for a person without a CPR number. */
  cpr: string | null;
  given_name: string;
  surname: string;
}

export type ExtensionNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export interface EngagementVersion extends Validity {
  user_key: string;
  person: string;
  unit: string;
  job_function: string;
  engagement_type: string;
  /** primary_type class, or null; primary when its scope is an integer >= 3000. */
  primary: string | null;
  /** extension_1..extension_10 by number; absent means null. */
  extensions?: Partial<Record<`${ExtensionNumber}`, string>>;
}

/** The resolved DAR fields MO answers for a DAR address (the simulator plays DAR). */
export interface DarFields {
  road_name: string;
  house_number: string;
  floor: string | null;
  door: string | null;
  zip_code: string;
  zip_code_name: string;
}

export interface AddressVersion extends Validity {
  /** Exactly one of person and unit. */
  person?: string;
  unit?: string;
  address_type: string;
  visibility: string | null;
  /** MO's value: the e-mail, the phone number, or the DAR UUID for a DAR address. */
  value: string;
  /**
   * For a DAR address: what DAR answers for the DAR UUID in `value`. Absent
   * when DAR does not know it (a retired address): MO's text is then
   * `Ukendt` and its structured fields fail, as in MO.
   */
  dar?: DarFields;
  /** MO's human-readable form of an address of another scope; defaults to `value`. Not allowed for a DAR address (its text is DAR's). */
  name?: string;
}

export interface ManagerVersion extends Validity {
  /** null: a vacant manager role. */
  person: string | null;
  unit: string;
  responsibilities: string[];
  manager_type: string | null;
  manager_level: string | null;
}

export interface Dataset {
  format: typeof datasetFormat;
  /** A short human name for the municipality. */
  name: string;
  /** UUID of MO's organisation object (LoRa uses it as "no parent"). */
  organisation: string;
  facets: Facet[];
  classes: Class[];
  units: Temporal<UnitVersion>[];
  persons: Temporal<PersonVersion>[];
  engagements: Temporal<EngagementVersion>[];
  addresses: Temporal<AddressVersion>[];
  managers: Temporal<ManagerVersion>[];
}
