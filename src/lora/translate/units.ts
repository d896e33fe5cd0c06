/** LoRa's organisationenhed objects as MO's Units document answers them. */
import type { AddressIndex } from './addresses.js';
import type { Version } from './effects.js';
import type { SharedValues } from './shared.js';
import type { UnitObject, UnitVersionOut } from './shapes.js';
import { translateTimeline, type Timeline } from './timelines.js';
import { field, related } from './values.js';

const parentList = 'overordnet';

export interface UnitContext {
  rootUnit: string;
  /** Every unit LoRa listed, with or without a version from today on. */
  known: ReadonlySet<string>;
  shared: SharedValues;
  addresses: AddressIndex;
}

/**
 * The units at or below the root, as MO's `ancestor: {uuids: [root]}`
 * filter selects them: every unit is its own ancestor, and a unit is below
 * another when the parent links of any of its versions from today on lead
 * there (a unit that moves counts under both parents).
 */
export function unitsAtOrBelow(root: string, timelines: readonly Timeline[]): Set<string> {
  const children = new Map<string, Set<string>>();
  for (const { uuid, fromToday } of timelines) {
    for (const version of fromToday) {
      const parent = related(version.values, parentList);
      if (parent !== undefined) children.set(parent, (children.get(parent) ?? new Set()).add(uuid));
    }
  }
  const found = new Set<string>();
  const queue = [root];
  for (let uuid = queue.pop(); uuid !== undefined; uuid = queue.pop()) {
    if (found.has(uuid)) continue;
    found.add(uuid);
    queue.push(...(children.get(uuid) ?? []));
  }
  return found;
}

/**
 * One version. The parent is null unless it is a unit: LoRa points root
 * units at the organisation, and a uuid that is no unit at all cannot be
 * answered as one either.
 */
function unitVersion(version: Version, uuid: string, context: UnitContext): UnitVersionOut | undefined {
  const name = field(version.values, 'organisationenhedegenskaber', 'enhedsnavn');
  if (name === undefined) return undefined;
  const parent = related(version.values, parentList);
  const level = related(version.values, 'niveau');
  return {
    name,
    validity: context.shared.validity(version),
    parent_response: parent !== undefined && context.known.has(parent) ? context.shared.reference(parent) : null,
    unit_level_response: level === undefined ? null : context.shared.classRef(level),
    addresses_response: { objects: context.addresses.units.get(uuid) ?? [] },
  };
}

/** The units at or below the root, in uuid order, from the timelines (in uuid order) of those MO's `from_date: today` selects. */
export function translateUnits(timelines: readonly Timeline[], context: UnitContext): UnitObject[] {
  const inScope = unitsAtOrBelow(context.rootUnit, timelines);
  return timelines
    .filter(({ uuid }) => inScope.has(uuid))
    .map((timeline) => translateTimeline(timeline, (version, uuid) => unitVersion(version, uuid, context)))
    .filter((unit) => unit !== undefined);
}
