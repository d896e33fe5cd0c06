/** LoRa's organisationenhed objects as MO's Units document answers them. */
import type { LoraObject } from '../wire.js';
import type { AddressIndex } from './addresses.js';
import type { ClassCatalogue } from './classes.js';
import type { Version } from './effects.js';
import type { UnitObject, UnitVersionOut } from './shapes.js';
import { validityText, type Day } from './time.js';
import { timelinesOf, translateTimelines, type Timeline } from './timelines.js';
import { field, related } from './values.js';

const parentList = 'overordnet';

export interface UnitContext {
  today: Day;
  rootUnit: string;
  classes: ClassCatalogue;
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
function unitVersion(version: Version, uuid: string, units: ReadonlySet<string>, context: UnitContext): UnitVersionOut | undefined {
  const name = field(version.values, 'organisationenhedegenskaber', 'enhedsnavn');
  if (name === undefined) return undefined;
  const parent = related(version.values, parentList);
  const level = related(version.values, 'niveau');
  const levelClass = level === undefined ? null : context.classes.current(level);
  return {
    name,
    user_key: field(version.values, 'organisationenhedegenskaber', 'brugervendtnoegle') ?? uuid,
    validity: validityText(version),
    parent_response: parent !== undefined && units.has(parent) ? { uuid: parent } : null,
    unit_level_response: level === undefined ? null : { uuid: level, current: levelClass && { name: levelClass.name } },
    addresses_response: { objects: context.addresses.units.get(uuid) ?? [] },
  };
}

export function translateUnits(units: readonly LoraObject[], context: UnitContext): UnitObject[] {
  const known = new Set(units.map((unit) => unit.id));
  const timelines = timelinesOf(units, context.today);
  const inScope = unitsAtOrBelow(context.rootUnit, timelines);
  return translateTimelines(
    timelines.filter(({ uuid }) => inScope.has(uuid)),
    (version, uuid) => unitVersion(version, uuid, known, context),
  );
}
