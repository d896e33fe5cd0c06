/** The top-level collections (Query's fields): candidates by filter, then MO's paging (cursor.ts). */
import type { AddressVersion, Class, EngagementVersion, ManagerVersion, PersonVersion, UnitVersion } from '../dataset/format.js';
import { compareCodePoints } from '../util/order.js';
import { pageOf, type CursorValue } from './cursor.js';
import {
  classMatcher,
  filterKey,
  filterWindow,
  unitScope,
  type AddressFilter,
  type ClassFilter,
  type EngagementFilter,
  type TimeFilter,
  type UnitFilter,
} from './filters.js';
import { memo } from './memo.js';
import type { Entity, Store } from './store.js';
import { arg, refTo, type FieldResolver, type TypeResolvers } from './values.js';
import { existsIn, type Window } from './window.js';

/**
 * One paged collection: the page is cut from the candidates first, and only
 * then filtered by time (see cursor.ts).
 */
function pagedCollection<F extends TimeFilter, T extends { uuid: string }>(
  candidatesOf: (filter: F | null | undefined, window: Window) => readonly T[],
  inWindow: (item: T, window: Window) => boolean,
): FieldResolver<unknown> {
  return (_source, args, context) => {
    const cursor = arg<CursorValue | null>(args, 'cursor') ?? null;
    const moment = cursor?.moment ?? context.now;
    const filter = arg<F | null>(args, 'filter');
    const window = filterWindow(filter, moment);
    const page = pageOf(candidatesOf(filter, window), arg<number | null>(args, 'limit') ?? null, cursor?.offset ?? 0);
    return {
      objects: page.items.filter((item) => inWindow(item, window)).map((item) => refTo(item.uuid, moment)),
      page_info: { next_cursor: page.next === null ? null : { offset: page.next, moment } },
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
    // The tree depends on the window, so the window is part of the key.
    org_units: pagedCollection<UnitFilter, Entity<UnitVersion>>(
      (filter, window) =>
        units(`${filterKey(filter)} ${window.start} ${window.end}`, () => withUuids(store.units, unitScope(store, filter, window))),
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
