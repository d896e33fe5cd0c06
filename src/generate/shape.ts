import type { AddressVersion, Dataset, Day, Temporal, UnitVersion, Validity } from '../dataset/format.js';
import { tooDeepLevelNames } from './classes.js';

/** Counts that say what a dataset holds, relative to a day: for tests, reports and the CLI. */
export interface DatasetShape {
  units: number;
  /** Levels from the root down to the deepest unit (the root alone: 1). */
  treeDepth: number;
  tooDeepUnits: number;
  unitsWithoutLevel: number;
  endedUnits: number;
  futureUnits: number;
  multiVersionUnits: number;
  persons: number;
  personsWithoutCpr: number;
  /** CPR numbers held by more than one person. */
  sharedCprs: number;
  multiVersionPersons: number;
  engagements: number;
  endedEngagements: number;
  futureEngagements: number;
  multiVersionEngagements: number;
  engagementsInTooDeepUnits: number;
  /** Engagements in units that start after the day. */
  engagementsInFutureUnits: number;
  /** Engagements with an extension_2 that is set but empty. */
  emptyExtension2: number;
  addresses: number;
  unitAddresses: number;
  personAddresses: number;
  secretAddresses: number;
  addressesWithoutVisibility: number;
  /** Addresses of scope DAR. */
  postalAddresses: number;
  darWithFloorOrDoor: number;
  /** Postal addresses DAR no longer knows (in some version): MO names them `Ukendt`. */
  retiredDar: number;
  personsWithoutAddress: number;
  managers: number;
  vacantManagers: number;
  managersWithSeveralResponsibilities: number;
  endedManagers: number;
  futureManagers: number;
  multiVersionManagers: number;
}

export function datasetShape(dataset: Dataset, today: Day): DatasetShape {
  const classById = new Map(dataset.classes.map((c) => [c.uuid, c]));
  const tooDeepLevels = new Set(dataset.classes.filter((c) => c.facet === 'org_unit_level' && tooDeepLevelNames.includes(c.name)).map((c) => c.uuid));
  const tooDeepUnits = new Set(
    dataset.units.filter((unit) => unit.versions.some((v) => v.level !== null && tooDeepLevels.has(v.level))).map((unit) => unit.uuid),
  );
  const futureUnits = new Set(dataset.units.filter((unit) => isFuture(unit, today)).map((unit) => unit.uuid));
  const count = <T>(items: readonly T[], test: (item: T) => boolean): number => items.reduce((n, item) => (test(item) ? n + 1 : n), 0);
  const versionsOf = <V extends Validity>(items: readonly Temporal<V>[]): V[] => items.flatMap((item) => item.versions);
  const scopeOf = (uuid: string | null): string | null => (uuid === null ? null : (classById.get(uuid)?.scope ?? null));
  const cprHolders = new Map<string, Set<string>>();
  for (const person of dataset.persons) {
    for (const { cpr } of person.versions) if (cpr !== null) cprHolders.set(cpr, (cprHolders.get(cpr) ?? new Set()).add(person.uuid));
  }
  const personsWithAddress = new Set(versionsOf(dataset.addresses).flatMap((v) => (v.person === undefined ? [] : [v.person])));
  const postal = dataset.addresses.filter((a) => a.versions.some((v) => scopeOf(v.address_type) === 'DAR'));
  const anyPostal = (test: (version: AddressVersion) => boolean): number => count(postal, (a) => a.versions.some(test));
  return {
    units: dataset.units.length,
    treeDepth: treeDepth(dataset.units, today),
    tooDeepUnits: tooDeepUnits.size,
    unitsWithoutLevel: count(dataset.units, (unit) => unit.versions.every((v) => v.level === null)),
    endedUnits: count(dataset.units, (unit) => isEnded(unit, today)),
    futureUnits: futureUnits.size,
    multiVersionUnits: count(dataset.units, isMultiVersion),
    persons: dataset.persons.length,
    personsWithoutCpr: count(dataset.persons, (person) => person.versions.every((v) => v.cpr === null)),
    sharedCprs: count([...cprHolders.values()], (holders) => holders.size > 1),
    multiVersionPersons: count(dataset.persons, isMultiVersion),
    engagements: dataset.engagements.length,
    endedEngagements: count(dataset.engagements, (e) => isEnded(e, today)),
    futureEngagements: count(dataset.engagements, (e) => isFuture(e, today)),
    multiVersionEngagements: count(dataset.engagements, isMultiVersion),
    engagementsInTooDeepUnits: count(dataset.engagements, (e) => e.versions.some((v) => tooDeepUnits.has(v.unit))),
    engagementsInFutureUnits: count(dataset.engagements, (e) => e.versions.some((v) => futureUnits.has(v.unit))),
    emptyExtension2: count(dataset.engagements, (e) => e.versions.some((v) => v.extensions?.['2'] === '')),
    addresses: dataset.addresses.length,
    unitAddresses: count(dataset.addresses, (a) => a.versions.some((v) => v.unit !== undefined)),
    personAddresses: count(dataset.addresses, (a) => a.versions.some((v) => v.person !== undefined)),
    secretAddresses: count(dataset.addresses, (a) => a.versions.some((v) => scopeOf(v.visibility) === 'SECRET')),
    addressesWithoutVisibility: count(dataset.addresses, (a) => a.versions.some((v) => v.visibility === null)),
    postalAddresses: postal.length,
    darWithFloorOrDoor: anyPostal((v) => v.dar !== undefined && (v.dar.floor !== null || v.dar.door !== null)),
    retiredDar: anyPostal((v) => v.dar === undefined),
    personsWithoutAddress: count(dataset.persons, (person) => !personsWithAddress.has(person.uuid)),
    managers: dataset.managers.length,
    vacantManagers: count(dataset.managers, (m) => m.versions.some((v) => v.person === null)),
    managersWithSeveralResponsibilities: count(dataset.managers, (m) => m.versions.some((v) => v.responsibilities.length > 1)),
    endedManagers: count(dataset.managers, (m) => isEnded(m, today)),
    futureManagers: count(dataset.managers, (m) => isFuture(m, today)),
    multiVersionManagers: count(dataset.managers, isMultiVersion),
  };
}

function isEnded(item: Temporal<Validity>, today: Day): boolean {
  return item.versions.every((v) => v.to !== null && v.to < today);
}

function isFuture(item: Temporal<Validity>, today: Day): boolean {
  return item.versions.every((v) => v.from > today);
}

function isMultiVersion(item: Temporal<Validity>): boolean {
  return item.versions.length > 1;
}

/** Depth of the tree as it stands today (or, for a unit not active today, as in its last version). */
function treeDepth(units: readonly Temporal<UnitVersion>[], today: Day): number {
  const parentOf = new Map(
    units.map((unit) => {
      const version = unit.versions.find((v) => v.from <= today && (v.to === null || v.to >= today)) ?? unit.versions.at(-1);
      return [unit.uuid, version?.parent ?? null];
    }),
  );
  const depths = new Map<string, number>();
  const depthOf = (uuid: string): number => {
    const known = depths.get(uuid);
    if (known !== undefined) return known;
    const parent = parentOf.get(uuid) ?? null;
    depths.set(uuid, Number.POSITIVE_INFINITY); // a cycle shows as an infinite depth
    const depth = parent === null ? 1 : depthOf(parent) + 1;
    depths.set(uuid, depth);
    return depth;
  };
  return units.reduce((deepest, unit) => Math.max(deepest, depthOf(unit.uuid)), 0);
}
