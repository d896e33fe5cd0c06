/** The top-level collections (Query's fields): candidates by filter, then MO's paging (cursor.ts). */
import type { AddressVersion, Class, EngagementVersion, ManagerVersion, PersonVersion, UnitVersion } from '../dataset/format.js';
import { compareCodePoints } from '../util/order.js';
import { keysetPage, offsetPage, type CursorValue } from './cursor.js';
import {
  classMatcher,
  filterKey,
  filterWindow,
  relationFilterKey,
  unitScope,
  unitScopeKey,
  unitsNamed,
  type AddressFilter,
  type ClassFilter,
  type EngagementFilter,
  type ManagerFilter,
  type PersonFilter,
  type TimeFilter,
  type UnitFilter,
} from './filters.js';
import { memo } from './memo.js';
import type { Entity, Store } from './store.js';
import { arg, refTo, type FieldResolver, type TypeResolvers } from './values.js';
import type { Instant } from './time.js';
import { existsIn, overlaps, type Window } from './window.js';

/**
 * One paged collection, paged as the request's context says (cursor.ts):
 * - keyset: the candidates in the time window, after the cursor's uuid, at
 *   the request's own "now";
 * - offset: the page is cut from the candidates first, and only then filtered
 *   by time, at the walk's moment.
 * `candidatesOf` gives the candidates by the filter's non-time parts (and the
 * window where those depend on it, as the unit tree does), ordered by uuid.
 */
function pagedCollection<F extends TimeFilter, T extends { uuid: string }>(
  candidatesOf: (filter: F | null | undefined, window: Window, moment: Instant) => readonly T[],
  inWindow: (item: T, window: Window) => boolean,
): FieldResolver<unknown> {
  return (_source, args, context) => {
    const cursor = arg<CursorValue | null>(args, 'cursor') ?? null;
    const limit = arg<number | null>(args, 'limit') ?? null;
    const filter = arg<F | null>(args, 'filter');
    if ((context.pagination ?? 'keyset') === 'keyset') {
      const window = filterWindow(filter, context.now);
      const page = keysetPage(candidatesOf(filter, window, context.now), (item) => inWindow(item, window), limit, cursor);
      return { objects: page.items.map((item) => refTo(item.uuid, context.now)), page_info: { next_cursor: page.next } };
    }
    const moment = cursor?.registrationTime ?? context.now;
    const window = filterWindow(filter, moment);
    const page = offsetPage(candidatesOf(filter, window, moment), limit, cursor, context.now);
    return {
      objects: page.items.filter((item) => inWindow(item, window)).map((item) => refTo(item.uuid, page.moment)),
      page_info: { next_cursor: page.next },
    };
  };
}

/** The objects with the given uuids (all when null), ordered by uuid. */
function withUuids<T extends { uuid: string }>(
  all: { byUuid: ReadonlyMap<string, T>; sorted: readonly T[] },
  uuids: Iterable<string> | null | undefined,
): readonly T[] {
  if (uuids == null) return all.sorted;
  return [...new Set(uuids)]
    .map((uuid) => all.byUuid.get(uuid))
    .filter((item) => item !== undefined)
    .sort((a, b) => compareCodePoints(a.uuid, b.uuid));
}

/**
 * An engagement's or manager's relation to a class or unit, as MO's
 * predicates test it: some version in the outer filter's window relates to
 * one of those named (OS2mo mora/graphapi/resolvers.py: the relation's
 * `_get_active_period_clause` with the outer filter's dates).
 */
const relatesInWindow =
  <V extends EngagementVersion | ManagerVersion>(window: Window, related: (data: V) => boolean) =>
  (entity: Entity<V>): boolean =>
    entity.versions.some((version) => overlaps(version, window) && related(version.data));

/** The candidates an `org_unit` filter leaves: those in one of its units within the window (all when absent). */
function inUnits<V extends EngagementVersion | ManagerVersion>(
  store: Store,
  candidates: readonly Entity<V>[],
  filter: ManagerFilter | null | undefined,
  window: Window,
  moment: Instant,
): readonly Entity<V>[] {
  if (filter?.org_unit == null) return candidates;
  const units = unitsNamed(store, filter.org_unit, moment);
  return candidates.filter(relatesInWindow<V>(window, (data) => units.has(data.unit)));
}

/** Candidate lists by filter: a walk asks for the same candidates once per page. */
const candidateCache = <T>(): ((key: string, compute: () => readonly T[]) => readonly T[]) => memo<readonly T[]>(32);

export function queryResolvers(store: Store): TypeResolvers<unknown> {
  const classes = candidateCache<Class>();
  const units = candidateCache<Entity<UnitVersion>>();
  const engagements = candidateCache<Entity<EngagementVersion>>();
  const addresses = candidateCache<Entity<AddressVersion>>();
  const persons = candidateCache<Entity<PersonVersion>>();
  const managers = candidateCache<Entity<ManagerVersion>>();
  const always = (): boolean => true;
  return {
    classes: pagedCollection<ClassFilter, Class>(
      (filter) =>
        classes(filterKey(filter), () => {
          const matches = classMatcher(filter, store.classes.byUuid);
          return store.classes.sorted.filter((cls) => matches(cls.uuid));
        }),
      always,
    ),
    org_units: pagedCollection<UnitFilter, Entity<UnitVersion>>(
      (filter, window, moment) => units(unitScopeKey(filter, window, moment), () => withUuids(store.units, unitScope(store, filter, window, moment))),
      existsIn,
    ),
    persons: pagedCollection<PersonFilter, Entity<PersonVersion>>(
      (filter) => persons(filterKey(filter), () => withUuids(store.persons, filter?.uuids)),
      existsIn,
    ),
    managers: pagedCollection<ManagerFilter, Entity<ManagerVersion>>(
      (filter, window, moment) =>
        managers(relationFilterKey(filter, window, moment), () => inUnits(store, withUuids(store.managers, filter?.uuids), filter, window, moment)),
      existsIn,
    ),
    engagements: pagedCollection<EngagementFilter, Entity<EngagementVersion>>(
      (filter, window, moment) =>
        engagements(relationFilterKey(filter, window, moment), () => {
          const candidates = inUnits(store, withUuids(store.engagements, filter?.uuids), filter, window, moment);
          if (filter?.engagement_type == null) return candidates;
          const typeMatches = classMatcher(filter.engagement_type, store.classes.byUuid);
          return candidates.filter(relatesInWindow<EngagementVersion>(window, (data) => typeMatches(data.engagement_type)));
        }),
      existsIn,
    ),
    addresses: pagedCollection<AddressFilter, Entity<AddressVersion>>(
      (filter) => addresses(filterKey(filter), () => withUuids(store.addresses, filter?.uuids)),
      existsIn,
    ),
  };
}
