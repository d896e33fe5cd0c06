/** MO's filter inputs, as graphql-js hands them to the resolvers, and what they select. */
import type { Class } from '../dataset/format.js';
import type { Store } from './store.js';
import { existsIn, overlaps, windowOf, type Bound, type Window } from './window.js';
import type { Instant } from './time.js';

export interface TimeFilter {
  from_date?: Bound;
  to_date?: Bound;
}
export interface ClassFilter extends TimeFilter {
  uuids?: readonly string[] | null;
  facet?: { user_keys?: readonly string[] | null } | null;
  scope?: readonly string[] | null;
}
export interface UnitFilter extends TimeFilter {
  uuids?: readonly string[] | null;
  ancestor?: UnitFilter | null;
}
export interface PersonFilter extends TimeFilter {
  uuids?: readonly string[] | null;
}
export interface ManagerFilter extends TimeFilter {
  uuids?: readonly string[] | null;
  org_unit?: UnitFilter | null;
}
export interface EngagementFilter extends ManagerFilter {
  engagement_type?: ClassFilter | null;
}
export interface AddressFilter extends TimeFilter {
  uuids?: readonly string[] | null;
}
export interface BoundAddressFilter extends TimeFilter {
  address_type?: ClassFilter | null;
}

export const filterWindow = (filter: TimeFilter | null | undefined, moment: Instant): Window =>
  windowOf(filter?.from_date, filter?.to_date, moment, ['from_date', 'to_date']);

/** null: no restriction; an empty list selects nothing, as in MO. */
export const setOf = (list: readonly string[] | null | undefined): ReadonlySet<string> | null => (list == null ? null : new Set(list));

/** The non-time part of a filter, as a cache key. */
export function filterKey(filter: object | null | undefined): string {
  return JSON.stringify(filter ?? null, (key, value: unknown) => (key === 'from_date' || key === 'to_date' ? undefined : value));
}

/** A predicate on class uuids for a ClassFilter (uuids, facet user_keys, scope); its dates are moot, classes being always valid. */
export function classMatcher(filter: ClassFilter | null | undefined, classes: ReadonlyMap<string, Class>): (uuid: string) => boolean {
  const uuids = setOf(filter?.uuids);
  const facets = setOf(filter?.facet?.user_keys);
  const scopes = setOf(filter?.scope);
  const tests: ((uuid: string, cls: Class | undefined) => boolean)[] = [];
  if (uuids) tests.push((uuid) => uuids.has(uuid));
  if (facets) tests.push((_uuid, cls) => cls !== undefined && facets.has(cls.facet));
  if (scopes) tests.push((_uuid, cls) => cls?.scope != null && scopes.has(cls.scope));
  return (uuid) => tests.every((test) => test(uuid, classes.get(uuid)));
}

/**
 * The units a filter selects by uuid and ancestor, or null for all. For
 * `ancestor`, a unit is at or below another when the parent links of its
 * versions overlapping the outer window lead there: a unit that moved during
 * the window counts under both parents (an over-approximation). The ancestors
 * themselves are the units the nested filter selects in its own window, whose
 * omitted dates mean the moment, not the outer filter's dates (OS2mo
 * mora/graphapi/resolvers.py, the `ancestor` part of the unit predicate).
 */
export function unitScope(store: Store, filter: UnitFilter | null | undefined, window: Window, moment: Instant): ReadonlySet<string> | null {
  const own = setOf(filter?.uuids);
  if (filter?.ancestor == null) return own;
  const below = atOrBelow(store, unitsSelected(store, filter.ancestor, moment), window);
  if (own === null || below === null) return own ?? below;
  return new Set([...own].filter((uuid) => below.has(uuid)));
}

/**
 * The units an `org_unit` filter of engagements or managers names, as MO's
 * engagement_predicate and manager_predicate select them (OS2mo
 * mora/graphapi/resolvers.py): its `uuids` verbatim when given (MO's
 * uuid_shortcircuit, which skips the rest of that filter and the units'
 * own validity), else the units MO's unit predicate selects with the nested
 * filter's own dates (omitted: the moment), `ancestor` included. The unit
 * itself is matched, not its descendants: those come from `ancestor`
 * (tests/graphapi/test_engagements.py, test_engagement_filters).
 */
export function unitsNamed(store: Store, filter: UnitFilter, moment: Instant): ReadonlySet<string> {
  return filter.uuids != null ? new Set(filter.uuids) : unitsSelected(store, filter, moment);
}

/**
 * The key under which an engagement or manager filter's candidates may be
 * kept: the whole filter, the outer window, and the moment when the nested
 * unit filter leaves a date out.
 */
export function relationFilterKey(filter: ManagerFilter | null | undefined, window: Window, moment: Instant): string {
  const unit = filter?.org_unit;
  return cacheKey(filter, window, unit?.uuids == null && usesMoment(unit), moment);
}

/** The units a nested unit filter selects: its uuids and ancestors, valid in its own window. */
function unitsSelected(store: Store, filter: UnitFilter, moment: Instant): ReadonlySet<string> {
  const window = filterWindow(filter, moment);
  const scope = unitScope(store, filter, window, moment);
  const candidates = scope === null ? store.units.sorted : [...scope].flatMap((uuid) => store.units.byUuid.get(uuid) ?? []);
  return new Set(candidates.filter((unit) => existsIn(unit, window)).map((unit) => unit.uuid));
}

/**
 * The key under which a unit filter's selection may be kept: its every part
 * (dates included), the outer window, and the moment when a nested filter
 * leaves a date out.
 */
export function unitScopeKey(filter: UnitFilter | null | undefined, window: Window, moment: Instant): string {
  return cacheKey(filter, window, usesMoment(filter?.ancestor), moment);
}

/** The key of relationFilterKey and unitScopeKey: the whole filter, the outer window, and the moment when it matters. */
function cacheKey(filter: object | null | undefined, window: Window, momentMatters: boolean, moment: Instant): string {
  return `${JSON.stringify(filter ?? null)} ${window.start} ${window.end} ${momentMatters ? moment : ''}`;
}

/** Whether a nested unit filter (or one nested in it) leaves a date to the moment. */
function usesMoment(filter: UnitFilter | null | undefined): boolean {
  if (filter == null) return false;
  return filter.from_date === undefined || filter.to_date === undefined || usesMoment(filter.ancestor);
}

/** The roots and every unit below them (every unit is its own ancestor); null (all) stays null. */
function atOrBelow(store: Store, roots: ReadonlySet<string> | null, window: Window): ReadonlySet<string> | null {
  if (roots === null) return null;
  const found = new Set(roots);
  const queue = [...roots];
  for (let parent = queue.pop(); parent !== undefined; parent = queue.pop()) {
    for (const { child, version } of store.childrenByParent.get(parent) ?? []) {
      if (found.has(child) || !overlaps(version, window)) continue;
      found.add(child);
      queue.push(child);
    }
  }
  return found;
}
