/**
 * MO answers every reference to another object (a `*_response`, such as an
 * address's type class) and every `validity` as a copy of its own: one
 * address type is repeated in each of a large municipality's 130,000
 * address versions. Each page passes through a pool that makes equal
 * copies one shared object, which saves a third of a snapshot's memory.
 * Nothing after the fetch changes a snapshot, so sharing is safe.
 *
 * Only the fields that repeat are visited, by dataset, so a page costs a
 * few milliseconds; anything left out is merely not shared.
 */
import type { DatasetName, Snapshot } from '../snapshot.js';

type Validity = { from?: string | null; to?: string | null };

/** A key part that tells a missing field, null and a text apart (no date holds these control characters). */
const part = (text: string | null | undefined): string => (text === undefined ? '\u0001' : text === null ? '\u0002' : text);

export class SharedValues {
  private readonly known = new Map<string, object>();

  validity<T extends Validity>(value: T): T {
    return this.intern(`${part(value.from)}\u0000${part(value.to)}`, value);
  }

  /** A reference such as `{uuid, current {scope}}`; equal when all of it is. */
  reference<T extends { uuid: string } | null>(value: T): T {
    return value === null ? value : this.intern(JSON.stringify(value), value);
  }

  private intern<T extends object>(key: string, value: T): T {
    const known = this.known.get(key);
    if (known !== undefined) return known as T;
    this.known.set(key, value);
    return value;
  }
}

type Sharer<K extends DatasetName> = (objects: Snapshot[K], pool: SharedValues) => void;

const sharers: { [K in DatasetName]: Sharer<K> } = {
  units: (units, pool) => {
    for (const version of units.flatMap((unit) => unit.validities)) {
      version.validity = pool.validity(version.validity);
      version.parent_response = pool.reference(version.parent_response);
      version.unit_level_response = pool.reference(version.unit_level_response);
    }
  },
  persons: (persons, pool) => {
    for (const person of persons) {
      for (const version of person.validities) {
        version.validity = pool.validity(version.validity);
        for (const address of version.addresses_response.objects) {
          for (const addressVersion of address.validities) {
            addressVersion.validity = pool.validity(addressVersion.validity);
            addressVersion.address_type_response = pool.reference(addressVersion.address_type_response);
            addressVersion.visibility_response = pool.reference(addressVersion.visibility_response);
          }
        }
      }
    }
  },
  engagements: (engagements, pool) => {
    for (const engagement of engagements) {
      for (const version of engagement.validities) {
        version.validity = pool.validity(version.validity);
        version.job_function_response = pool.reference(version.job_function_response);
        version.engagement_type_response = pool.reference(version.engagement_type_response);
        version.org_unit_response = pool.reference(version.org_unit_response);
      }
      for (const version of engagement.history ?? []) version.validity = pool.validity(version.validity);
    }
  },
  managers: (managers, pool) => {
    for (const version of managers.flatMap((manager) => manager.validities)) {
      version.validity = pool.validity(version.validity);
      version.org_unit_response = pool.reference(version.org_unit_response);
      version.responsibilities_response.objects = version.responsibilities_response.objects.map((r) => pool.reference(r));
    }
  },
  jobFunctions: () => undefined,
  darAddresses: (answers, pool) => {
    for (const version of answers.flatMap((answer) => answer.validities)) version.validity = pool.validity(version.validity);
  },
  unresolvedDar: () => undefined,
};

/** Makes the objects' repeated references and validities the pool's shared ones, in place. */
export function shareRepeatedValues<K extends DatasetName>(dataset: K, objects: Snapshot[K], pool: SharedValues): void {
  sharers[dataset](objects, pool);
}
