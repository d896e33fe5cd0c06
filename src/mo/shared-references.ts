/**
 * MO answers every reference to another object (a `*_response`, such as an
 * address's type class) and every `validity` as a copy of its own: one
 * address type is repeated in each of a large municipality's 130,000
 * address versions. Each page passes through a pool that makes equal
 * copies one shared object, which saves a third of a snapshot's memory.
 * Nothing after the fetch changes a snapshot, so sharing is safe.
 *
 * The documents ask a class reference's uuid alone; the pool makes each
 * class one ClassRef whose `current` (name and scope on the day) is filled
 * in once the classes are fetched (graphql/classes.graphql), so a class's
 * name is sent once, not once per reference.
 *
 * Only the fields that repeat are visited, by dataset, so a page costs a
 * few milliseconds; anything left out is merely not shared.
 */
import type { ClassRef, DatasetName, Snapshot, WireSnapshot } from '../snapshot.js';
import { compareCodePoints } from '../util/order.js';

type Validity = { from?: string | null; to?: string | null };

/** A key part that tells a missing field, null and a text apart (no date holds these control characters). */
const part = (text: string | null | undefined): string => (text === undefined ? '\u0001' : text === null ? '\u0002' : text);

export class SharedValues {
  private readonly known = new Map<string, object>();
  private readonly classes = new Map<string, ClassRef>();

  validity<T extends Validity>(value: T): T {
    return this.intern(`${part(value.from)}\u0000${part(value.to)}`, value);
  }

  /** A reference, which the documents ask as its uuid alone: one object per uuid (no uuid holds the \u0000 of a validity's key). */
  reference<T extends { uuid: string } | null>(value: T): T {
    return value === null ? value : this.intern(value.uuid, value);
  }

  /** The class's one ClassRef; its `current` is null until answerClasses, unless the reference brings it (a cache read back). */
  classRef(value: { uuid: string; current?: ClassRef['current'] }): ClassRef {
    const known = this.classes.get(value.uuid);
    if (known !== undefined) return known;
    const created: ClassRef = { uuid: value.uuid, current: value.current ?? null };
    this.classes.set(value.uuid, created);
    return created;
  }

  /** The uuids of every class referred to so far, in uuid order. */
  classUuids(): string[] {
    return [...this.classes.keys()].sort(compareCodePoints);
  }

  /** Fills in each referred class's `current` from MO's answer; a class MO did not return keeps null, as `current(at:)` would answer. */
  answerClasses(answers: readonly ClassRef[]): void {
    for (const answer of answers) {
      const known = this.classes.get(answer.uuid);
      if (known !== undefined) known.current = answer.current;
    }
  }

  private intern<T extends object>(key: string, value: T): T {
    const known = this.known.get(key);
    if (known !== undefined) return known as T;
    this.known.set(key, value);
    return value;
  }
}

/** One object of a dataset as MO's document answers it, and as the snapshot holds it. */
export type WireObject<K extends DatasetName> = WireSnapshot[K][number];
export type SnapshotObject<K extends DatasetName> = Snapshot[K][number];

type Sharer<K extends DatasetName> = (objects: WireObject<K>[], pool: SharedValues) => SnapshotObject<K>[];

/** The versions with their validities shared, and in each the references `share` answers for it put in place of MO's copies. */
function sharedVersions<V extends { validity: Validity }, S extends object>(
  versions: V[],
  pool: SharedValues,
  share: (version: V) => S,
): (Omit<V, keyof S> & S)[] {
  return versions.map((version) => ({ ...version, validity: pool.validity(version.validity), ...share(version) }));
}

const sharers: { [K in DatasetName]: Sharer<K> } = {
  units: (units, pool) =>
    units.map((unit) => ({
      uuid: unit.uuid,
      validities: sharedVersions(unit.validities, pool, (version) => ({
        parent_response: pool.reference(version.parent_response),
        unit_level_response: version.unit_level_response && pool.classRef(version.unit_level_response),
      })),
    })),
  persons: (persons, pool) =>
    persons.map((person) => ({
      uuid: person.uuid,
      validities: sharedVersions(person.validities, pool, (version) => ({
        addresses_response: {
          objects: version.addresses_response.objects.map((address) => ({
            uuid: address.uuid,
            validities: sharedVersions(address.validities, pool, (addressVersion) => ({
              address_type_response: pool.classRef(addressVersion.address_type_response),
              visibility_response: addressVersion.visibility_response && pool.classRef(addressVersion.visibility_response),
            })),
          })),
        },
      })),
    })),
  engagements: (engagements, pool) =>
    engagements.map((engagement) => {
      for (const version of engagement.history ?? []) version.validity = pool.validity(version.validity);
      return {
        ...engagement,
        validities: sharedVersions(engagement.validities, pool, (version) => ({
          job_function_response: pool.reference(version.job_function_response),
          engagement_type_response: pool.classRef(version.engagement_type_response),
          org_unit_response: pool.reference(version.org_unit_response),
        })),
      };
    }),
  managers: (managers, pool) =>
    managers.map((manager) => ({
      uuid: manager.uuid,
      validities: sharedVersions(manager.validities, pool, (version) => ({
        org_unit_response: pool.reference(version.org_unit_response),
        responsibilities_response: { objects: version.responsibilities_response.objects.map((r) => pool.classRef(r)) },
      })),
    })),
  jobFunctions: (classes) => classes,
  darAddresses: (answers, pool) => {
    for (const version of answers.flatMap((answer) => answer.validities)) version.validity = pool.validity(version.validity);
    return answers;
  },
  unresolvedDar: (unresolved) => unresolved,
};

/** The page's objects as the snapshot holds them: repeated references and validities the pool's shared ones, class references its ClassRefs. */
export function shareRepeatedValues<K extends DatasetName>(dataset: K, objects: WireObject<K>[], pool: SharedValues): SnapshotObject<K>[] {
  return sharers[dataset](objects, pool);
}
