/** The top-level collections (Query's fields): candidates by filter, then MO's paging (cursor.ts). */
import type { AddressVersion, Class, EngagementVersion, ManagerVersion, PersonVersion, UnitVersion } from '../dataset/format.js';
import { compareCodePoints } from '../util/order.js';
import { keysetPage, offsetPage, type CursorValue } from './cursor.js';
import {
  classMatcher,
  filterKey,
  filterWindow,
  unitScope,
  unitScopeKey,
  type AddressFilter,
  type ClassFilter,
  type EngagementFilter,
  type TimeFilter,
  type UnitFilter,
} from './filters.js';
import { memo } from './memo.js';
import type { Entity, Store } from './store.js';
import { arg, refTo, type FieldResolver, type TypeResolvers } from './values.js';
import type { Instant } from './time.js';
import { existsIn, type Window } from './window.js';

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

/** Candidate lists by filter: a walk asks for the same candidates once per page. */
const candidateCache = <T>(): ((key: string, compute: () => readonly T[]) => readonly T[]) => memo<readonly T[]>(32);

export function queryResolvers(store: Store): TypeResolvers<unknown> {
  const classes = candidateCache<Class>();
  const units = candidateCache<Entity<UnitVersion>>();
  const engagements = candidateCache<Entity<EngagementVersion>>();
  const addresses = candidateCache<Entity<AddressVersion>>();
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
      (filter, window, moment) =>
        units(unitScopeKey(filter, window, moment), () => withUuids(store.units, unitScope(store, filter, window, moment))),
      existsIn,
    ),
    persons: pagedCollection<TimeFilter, Entity<PersonVersion>>(() => store.persons.sorted, existsIn),
    managers: pagedCollection<TimeFilter, Entity<ManagerVersion>>(() => store.managers.sorted, existsIn),
    engagements: pagedCollection<EngagementFilter, Entity<EngagementVersion>>(
      (filter) =>
        engagements(filterKey(filter), () => {
          const candidates = withUuids(store.engagements, filter?.uuids);
          if (filter?.engagement_type == null) return candidates;
          const typeMatches = classMatcher(filter.engagement_type, store.classes.byUuid);
          return candidates.filter((engagement) => engagement.versions.some(({ data }) => typeMatches(data.engagement_type)));
        }),
      existsIn,
    ),
    addresses: pagedCollection<AddressFilter, Entity<AddressVersion>>(
      (filter) => addresses(filterKey(filter), () => withUuids(store.addresses, filter?.uuids)),
      existsIn,
    ),
  };
}
