import type { ManagerVersion, Temporal } from '../dataset/format.js';
import type { Classification } from './classes.js';
import { dayString, firstOfNextMonth, type DayNumber } from './days.js';
import type { Staffing } from './engagements.js';
import type { PlannedPerson } from './persons.js';
import { weightsOf, type Random, type Weighted } from './random.js';
import type { PlannedUnit, UnitTree } from './tree.js';

export interface ManagerOptions {
  /** Manager roles in standing units; closed and future units get a few more. */
  count: number;
  tree: UnitTree;
  staffing: Staffing;
  persons: readonly PlannedPerson[];
  classification: Classification;
  today: DayNumber;
}

type ManagerTimeline = 'current' | 'ended' | 'future' | 'handover-next-month' | 'handover-in-past';

const managerTimelines = weightsOf<ManagerTimeline>({ current: 82, ended: 6, future: 4, 'handover-next-month': 4, 'handover-in-past': 4 });

const vacantShare = 0.08;
/** Managers are usually staff of their own unit. */
const ownStaffShare = 0.9;

const responsibilityCounts: readonly Weighted<number>[] = [
  [0, 2],
  [1, 55],
  [2, 28],
  [3, 15],
];

/** Manager type and level by unit depth (index 1 = root); null now and then. */
const typesByDepth: readonly (readonly Weighted<string | null>[])[] = [
  [],
  [['Direktør', 1]],
  [
    ['Direktør', 19],
    [null, 1],
  ],
  [
    ['Chef', 18],
    ['Souschef', 1],
    [null, 1],
  ],
  [
    ['Leder', 16],
    ['Souschef', 3],
    [null, 1],
  ],
  [
    ['Teamleder', 16],
    ['Souschef', 3],
    [null, 1],
  ],
  [
    ['Teamleder', 19],
    [null, 1],
  ],
];

const levelsByDepth: readonly (readonly Weighted<string | null>[])[] = [
  [],
  [['Direktionsniveau', 1]],
  [
    ['Direktionsniveau', 19],
    [null, 1],
  ],
  [
    ['Chefniveau', 19],
    [null, 1],
  ],
  [
    ['Lederniveau', 19],
    [null, 1],
  ],
  [
    ['Mellemlederniveau', 19],
    [null, 1],
  ],
  [
    ['Mellemlederniveau', 19],
    [null, 1],
  ],
];

/**
 * Manager roles in standing units level by level (root, direktørområder,
 * centres, institutions, SD-style units; in random order within a level),
 * a second role per unit once every standing unit has one; about half the
 * closed and future units get one too. Some roles are vacant, ended,
 * future, or change hands.
 */
export function buildManagers(random: Random, options: ManagerOptions): Temporal<ManagerVersion>[] {
  const { tree, count } = options;
  const ctx = managerContext(random, options);
  const order = tree.standing
    .map((unit) => ({ unit, key: unit.depth + random.float() }))
    .sort((a, b) => a.key - b.key)
    .map(({ unit }) => unit);
  const managers: Temporal<ManagerVersion>[] = [];
  for (let index = 0; index < count && order.length > 0; index++) {
    const unit = order[index % order.length] as PlannedUnit;
    managers.push({ uuid: random.uuid(), versions: standingManagerVersions(ctx, unit, random.weighted(managerTimelines)) });
  }
  for (const unit of tree.future) {
    if (random.chance(0.5)) managers.push({ uuid: random.uuid(), versions: [ctx.version(unit, unit.from, null, ctx.chooseManager(unit))] });
  }
  for (const unit of tree.ended) {
    const versions = closedUnitManagerVersions(ctx, unit);
    if (versions && random.chance(0.5)) managers.push({ uuid: random.uuid(), versions });
  }
  return managers;
}

interface ManagerContext {
  random: Random;
  today: DayNumber;
  nextMonth: DayNumber;
  persons: readonly PlannedPerson[];
  chooseManager(unit: PlannedUnit): PlannedPerson | null;
  version(unit: PlannedUnit, from: DayNumber, to: DayNumber | null, person: PlannedPerson | null): ManagerVersion;
}

function managerContext(random: Random, options: ManagerOptions): ManagerContext {
  const { classification, staffing, persons, today } = options;
  const classOf = (facet: 'manager_type' | 'manager_level', name: string | null): string | null =>
    name === null ? null : classification.byKey(facet, name).uuid;
  const responsibilities = classification.inFacet('responsibility');
  const staffLeadership = classification.byKey('responsibility', 'Personaleledelse');
  const chooseResponsibilities = (): string[] => {
    const wanted = random.weighted(responsibilityCounts);
    const chosen = wanted > 0 && random.chance(0.75) ? [staffLeadership] : [];
    const others = random.sample(
      responsibilities.filter((r) => r !== staffLeadership),
      wanted - chosen.length,
    );
    // in random order: the exporter sorts them by name
    return random.sample([...chosen, ...others], wanted).map((r) => r.uuid);
  };
  return {
    random,
    today,
    nextMonth: firstOfNextMonth(today),
    persons,
    chooseManager(unit) {
      if (random.chance(vacantShare)) return null;
      const own = staffing.staffByUnit.get(unit.uuid) ?? [];
      if (own.length > 0 && random.chance(ownStaffShare)) return random.pick(own);
      return staffing.staff.length > 0 ? random.pick(staffing.staff) : persons.length > 0 ? random.pick(persons) : null;
    },
    version: (unit, from, to, person) => ({
      from: dayString(from),
      to: to === null ? null : dayString(to),
      person: person?.uuid ?? null,
      unit: unit.uuid,
      responsibilities: chooseResponsibilities(),
      manager_type: classOf('manager_type', random.weighted(typesByDepth[unit.depth] ?? [[null, 1]])),
      manager_level: classOf('manager_level', random.weighted(levelsByDepth[unit.depth] ?? [[null, 1]])),
    }),
  };
}

/** Standing units exist from a month before today on and persons are adults by two years before today. */
function standingManagerVersions(ctx: ManagerContext, unit: PlannedUnit, timeline: ManagerTimeline): ManagerVersion[] {
  const { random, today, nextMonth } = ctx;
  const person = ctx.chooseManager(unit);
  const successor = timeline.startsWith('handover') ? ctx.chooseManager(unit) : null;
  const earliest = Math.max(unit.from, person?.adult ?? unit.from, successor?.adult ?? unit.from);
  switch (timeline) {
    case 'current':
      return [ctx.version(unit, random.int(earliest, today), null, person)];
    case 'ended': {
      const to = random.int(earliest, today - 1);
      return [ctx.version(unit, random.int(earliest, to), to, person)];
    }
    case 'future':
      return [ctx.version(unit, today + random.int(1, 90), null, person)];
    case 'handover-next-month':
      return [ctx.version(unit, random.int(earliest, today), nextMonth - 1, person), ctx.version(unit, nextMonth, null, successor)];
    case 'handover-in-past': {
      const from = random.int(earliest, today - 2);
      const handedOver = random.int(from + 1, today);
      return [ctx.version(unit, from, handedOver - 1, person), ctx.version(unit, handedOver, null, successor)];
    }
  }
}

/** A role that closed with its unit, held by someone adult then; null if nobody was. */
function closedUnitManagerVersions(ctx: ManagerContext, unit: PlannedUnit): ManagerVersion[] | null {
  const { random, persons } = ctx;
  if (unit.to === null || persons.length === 0) return null;
  const person = random.pick(persons);
  const earliest = Math.max(unit.from, person.adult);
  if (earliest > unit.to) return null;
  return [ctx.version(unit, random.int(earliest, unit.to), unit.to, person)];
}
