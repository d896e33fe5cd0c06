/**
 * The dataset indexed once for serving: every lookup a resolver needs is a
 * map access, so answering a page costs in proportion to the page.
 */
import type { AddressVersion, Class, Dataset, EngagementVersion, ManagerVersion, PersonVersion, Temporal, UnitVersion, Validity } from '../dataset/format.js';
import { compareCodePoints } from '../util/order.js';
import { dayText, endOfValidity, nextDay, startOfDay, type Instant } from './time.js';

/** A version with its instants precomputed: it covers [start, end). */
export interface Version<V extends Validity> {
  data: V;
  start: Instant;
  end: Instant;
  /**
   * MO's validity as GraphQL v29 and later answer it: local midnights, `to`
   * the first day no longer valid (OS2mo tests/graphapi/test_v28.py).
   */
  validity: { from: string; to: string | null };
}

export interface Entity<V extends Validity> {
  uuid: string;
  /** Ordered by start. */
  versions: Version<V>[];
}

export interface Collection<V extends Validity> {
  byUuid: ReadonlyMap<string, Entity<V>>;
  /** Ordered by uuid, as MO pages them. */
  sorted: readonly Entity<V>[];
}

export interface ChildLink {
  child: string;
  version: Version<UnitVersion>;
}

export interface Store {
  classes: { byUuid: ReadonlyMap<string, Class>; sorted: readonly Class[] };
  units: Collection<UnitVersion>;
  persons: Collection<PersonVersion>;
  engagements: Collection<EngagementVersion>;
  addresses: Collection<AddressVersion>;
  managers: Collection<ManagerVersion>;
  /** An owner's (person's or unit's) addresses, by uuid; an address counts for every owner any of its versions names. */
  addressesByOwner: ReadonlyMap<string, readonly Entity<AddressVersion>[]>;
  /** Every parent link of every unit version, by parent uuid. */
  childrenByParent: ReadonlyMap<string, readonly ChildLink[]>;
}

const byUuid = <T extends { uuid: string }>(a: T, b: T): number => compareCodePoints(a.uuid, b.uuid);

function versionOf<V extends Validity>(data: V): Version<V> {
  return {
    data,
    start: startOfDay(data.from),
    end: endOfValidity(data.to),
    validity: { from: dayText(data.from), to: data.to === null ? null : dayText(nextDay(data.to)) },
  };
}

function entityOf<V extends Validity>(object: Temporal<V>): Entity<V> {
  const versions = object.versions.map(versionOf).sort((a, b) => a.start - b.start);
  return { uuid: object.uuid, versions };
}

function collectionOf<V extends Validity>(objects: readonly Temporal<V>[]): Collection<V> {
  const sorted = objects.map(entityOf).sort(byUuid);
  return { byUuid: new Map(sorted.map((entity) => [entity.uuid, entity])), sorted };
}

/** Appends to the list under `key`, creating it. */
function push<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

function indexAddressesByOwner(addresses: readonly Entity<AddressVersion>[]): Map<string, Entity<AddressVersion>[]> {
  const byOwner = new Map<string, Entity<AddressVersion>[]>();
  // `addresses` is sorted by uuid, so every owner's list comes out sorted too.
  for (const address of addresses) {
    const owners = new Set(address.versions.map(({ data }) => data.person ?? data.unit));
    for (const owner of owners) if (owner !== undefined) push(byOwner, owner, address);
  }
  return byOwner;
}

function indexChildren(units: readonly Entity<UnitVersion>[]): Map<string, ChildLink[]> {
  const children = new Map<string, ChildLink[]>();
  for (const unit of units) {
    for (const version of unit.versions) {
      if (version.data.parent !== null) push(children, version.data.parent, { child: unit.uuid, version });
    }
  }
  return children;
}

/** Indexes a (validated) dataset. */
export function buildStore(dataset: Dataset): Store {
  const classes = [...dataset.classes].sort(byUuid);
  const units = collectionOf(dataset.units);
  const addresses = collectionOf(dataset.addresses);
  return {
    classes: { byUuid: new Map(classes.map((cls) => [cls.uuid, cls])), sorted: classes },
    units,
    persons: collectionOf(dataset.persons),
    engagements: collectionOf(dataset.engagements),
    addresses,
    managers: collectionOf(dataset.managers),
    addressesByOwner: indexAddressesByOwner(addresses.sorted),
    childrenByParent: indexChildren(units.sorted),
  };
}
