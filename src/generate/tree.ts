import type { UnitVersion } from '../dataset/format.js';
import { areaTemplates, directionJobs, type AreaTemplate, type CentreTemplate } from './areas.js';
import type { Classification } from './classes.js';
import { dayNumber, dayString, firstOfNextMonth, type DayNumber } from './days.js';
import { districtNames, flowerNames, placeNames, teamNames, type Municipality } from './names.js';
import type { Random } from './random.js';

/** A unit as the rest of the generator sees it. */
export interface PlannedUnit {
  uuid: string;
  /** 1 for the root. */
  depth: number;
  /** Job-function user_keys of the staff here. */
  jobs: readonly string[];
  /** First day of the first version. */
  from: DayNumber;
  /** Last day of the last version; null: open-ended. */
  to: DayNumber | null;
  versions: UnitVersion[];
}

export interface UnitTree {
  /** Every unit, parents before children. */
  units: PlannedUnit[];
  /** Existing since at least a month before today and open-ended (renamed or moved ones too). */
  standing: PlannedUnit[];
  /** Closed before today. */
  ended: PlannedUnit[];
  /** Starting after today. */
  future: PlannedUnit[];
}

interface UnitState {
  from: DayNumber;
  to: DayNumber | null;
  name: string;
  parent: Node | null;
}

interface Node {
  uuid: string;
  depth: number;
  area: AreaTemplate | null;
  /** The centre template of the unit (depth 3) or of its ancestor. */
  centre: CentreTemplate | null;
  userKey: string;
  level: string | null;
  children: number;
  states: UnitState[];
}

export interface TreeOptions {
  unitCount: number;
  today: DayNumber;
  municipality: Municipality;
  classification: Classification;
}

/** Share of the units below the centres that are institutions, sections and teams (depths 4, 5, 6). */
const lowerDepthShares = [0.45, 0.35] as const;

/**
 * A municipality's unit tree: the root, direktørområder, centres,
 * institutions, and two SD-style levels below them (too deep to export).
 * A few leaves closed in the past or open in the future; a few units are
 * renamed or moved, in the past or next month.
 */
export function buildUnitTree(random: Random, options: TreeOptions): UnitTree {
  const { today } = options;
  const namer = unitNamer(random, options.municipality);
  const levelOf = levelChooser(options.classification);
  const nextCentre = centreDealer(random);
  const userKeyPrefix = options.municipality.name.slice(0, 3).toUpperCase();
  const nodes: Node[] = [];
  const newNode = (depth: number, area: AreaTemplate | null, parent: Node | null, from: DayNumber): Node => {
    const node: Node = {
      uuid: random.uuid(),
      depth,
      area,
      centre: parent?.centre ?? (depth === 3 && area ? nextCentre(area) : null),
      userKey: `${userKeyPrefix}${String(nodes.length + 1).padStart(4, '0')}`,
      level: levelOf(random, depth),
      children: 0,
      states: [],
    };
    node.states.push({ from, to: null, name: namer.nameFor(node), parent });
    if (parent) parent.children += 1;
    nodes.push(node);
    return node;
  };

  const root = newNode(1, null, null, Math.min(dayNumber('2007-01-01'), today - 3650));
  const counts = unitsPerDepth(options.unitCount);
  let parents = [root];
  for (const [index, count] of counts.entries()) {
    const depth = index + 2;
    const children: Node[] = [];
    for (let i = 0; i < count; i++) {
      const parent = parentFor(random, parents, i, count);
      const area = parent.area ?? (areaTemplates[i % areaTemplates.length] as AreaTemplate);
      const from = depth === 2 ? firstDay(root) : laterStart(random, firstDay(parent), today);
      children.push(newNode(depth, area, parent, from));
    }
    parents = children;
  }

  const { ended, future } = closeAndOpenLeaves(random, nodes, options);
  reorganise(random, nodes, new Set([...ended, ...future]), namer, today);

  const planned = new Map(nodes.map((node) => [node, plannedUnit(node)]));
  const plan = (list: readonly Node[]): PlannedUnit[] => list.map((node) => planned.get(node) as PlannedUnit);
  const closedOrOpening = new Set([...ended, ...future]);
  return {
    units: plan(nodes),
    standing: plan(nodes.filter((node) => !closedOrOpening.has(node))),
    ended: plan(ended),
    future: plan(future),
  };
}

/** Each area's centres in random order, all of them before any repeats. */
function centreDealer(random: Random): (area: AreaTemplate) => CentreTemplate {
  const decks = new Map<AreaTemplate, CentreTemplate[]>();
  return (area) => {
    const deck = decks.get(area) ?? [];
    if (deck.length === 0) deck.push(...random.sample(area.centres, area.centres.length));
    decks.set(area, deck);
    return deck.pop() as CentreTemplate;
  };
}

/** How many units at depths 2..6 for about `total` units in all (at least 10). */
export function unitsPerDepth(total: number): number[] {
  const all = Math.max(10, total);
  const areas = Math.min(areaTemplates.length, Math.max(2, Math.ceil(all / 30)));
  const centres = Math.max(areas, Math.round(all * 0.12));
  const rest = all - 1 - areas - centres;
  const institutions = Math.max(1, Math.round(rest * lowerDepthShares[0]));
  const sections = Math.max(1, Math.round(rest * lowerDepthShares[1]));
  return [areas, centres, institutions, sections, Math.max(1, rest - institutions - sections)];
}

function firstDay(node: Node): DayNumber {
  return (node.states[0] as UnitState).from;
}

/** Every parent gets a child first when there are children enough; the rest go anywhere. */
function parentFor(random: Random, parents: readonly Node[], index: number, count: number): Node {
  if (count >= parents.length && index < parents.length) return parents[index] as Node;
  return random.pick(parents);
}

/** A start after the parent's, at the latest a month before today. */
function laterStart(random: Random, parentFrom: DayNumber, today: DayNumber): DayNumber {
  return parentFrom + random.int(0, Math.max(0, Math.min(2500, today - 30 - parentFrom)));
}

function levelChooser(classification: Classification): (random: Random, depth: number) => string | null {
  const level = (name: string): string => classification.byKey('org_unit_level', name).uuid;
  const byDepth: readonly (readonly [string | null, number])[][] = [
    [[level('Niveau 1'), 1]],
    [[level('Niveau 2'), 1]],
    [[level('Niveau 3'), 1]],
    [[level('Niveau 4'), 1]],
    [
      [level('NY1-niveau'), 4],
      [level('NY0-niveau'), 1],
    ],
    // a team without a level is exported below its nearest exported ancestor
    [
      [level('Afdelings-niveau'), 9],
      [null, 1],
    ],
  ];
  return (random, depth) => random.weighted(byDepth[depth - 1] ?? []);
}

interface UnitNamer {
  nameFor(node: Node): string;
  /** Another name than `current` such a unit could have had (or will have). */
  otherName(node: Node, current: string): string;
}

function unitNamer(random: Random, municipality: Municipality): UnitNamer {
  const used = new Map<string, number>();
  const distinct = (base: string): string => {
    const seen = (used.get(base) ?? 0) + 1;
    used.set(base, seen);
    return seen === 1 ? base : `${base} ${seen}`;
  };
  const fill = (pattern: string): string => pattern.replace(/\{(\w+)\}/g, (_, slot: string) => random.pick(placeholderValues(slot, municipality)));
  const centreName = (base: string): string => (used.has(base) ? distinct(`${base} ${random.pick(districtNames)}`) : distinct(base));
  const nameFor = ({ area, centre, depth }: Node): string => {
    if (!area) return `${municipality.name} Kommune`;
    if (depth === 2 || !centre) return distinct(area.name);
    if (depth === 3) return centreName(centre.name);
    if (depth === 4) return distinct(fill(random.pick(centre.institutions)));
    // SD-style names repeat, also between siblings
    return fill(random.pick(depth === 5 ? centre.sections : area.teams));
  };
  const otherName = (node: Node, current: string): string => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const name = nameFor(node);
      if (name !== current) return name;
    }
    return `${current} (ny)`;
  };
  return { nameFor, otherName };
}

function placeholderValues(slot: string, municipality: Municipality): readonly string[] {
  const values: Readonly<Record<string, readonly string[]>> = {
    flower: flowerNames,
    place: placeNames,
    district: districtNames,
    team: teamNames,
    town: municipality.towns.map((town) => town.name),
  };
  return values[slot] ?? [slot];
}

/** Closes some leaves before today and makes some start after today. */
function closeAndOpenLeaves(random: Random, nodes: readonly Node[], options: TreeOptions): { ended: Node[]; future: Node[] } {
  const { today, unitCount } = options;
  const leaves = nodes.filter((node) => node.children === 0 && node.depth >= 4);
  const endedCount = Math.max(1, Math.round(unitCount * 0.025));
  const futureCount = Math.max(1, Math.round(unitCount * 0.02));
  const chosen = random.sample(leaves, endedCount + futureCount);
  const ended = chosen.slice(0, endedCount);
  const future = chosen.slice(endedCount);
  for (const node of ended) {
    const state = node.states[0] as UnitState;
    state.to = today - random.int(1, Math.min(400, today - 1 - state.from));
  }
  for (const node of future) (node.states[0] as UnitState).from = today + random.int(1, 90);
  return { ended, future };
}

type Reorganisation = 'renamed-next-month' | 'moved-next-month' | 'renamed-in-past';

/** Share of all units reorganised each way (at least one each). */
const reorganisationShares: readonly (readonly [Reorganisation, number])[] = [
  ['renamed-next-month', 0.01],
  ['moved-next-month', 0.01],
  ['renamed-in-past', 0.015],
];

/** Renames and moves of standing units below the direktørområder: some next month, some in the past. */
function reorganise(random: Random, nodes: readonly Node[], settled: ReadonlySet<Node>, namer: UnitNamer, today: DayNumber): void {
  const standing = nodes.filter((node) => !settled.has(node));
  const standingAt = new Map<number, Node[]>();
  for (const node of standing) {
    const atDepth = standingAt.get(node.depth) ?? [];
    atDepth.push(node);
    standingAt.set(node.depth, atDepth);
  }
  const nextMonth = firstOfNextMonth(today);
  const reorganised: Record<Reorganisation, (node: Node, state: UnitState) => void> = {
    'renamed-next-month': (node, state) => {
      node.states.push({ ...state, from: nextMonth, name: namer.otherName(node, state.name) });
      state.to = nextMonth - 1;
    },
    'moved-next-month': (node, state) => {
      const others = (standingAt.get(node.depth - 1) ?? []).filter((parent) => parent !== state.parent);
      if (others.length === 0) return;
      node.states.push({ ...state, from: nextMonth, parent: random.pick(others) });
      state.to = nextMonth - 1;
    },
    'renamed-in-past': (node, state) => {
      const renamedOn = random.int(state.from + 1, today);
      node.states.unshift({ ...state, to: renamedOn - 1, name: namer.otherName(node, state.name) });
      state.from = renamedOn;
    },
  };
  const ways = reorganisationShares.flatMap(([way, share]) => Array.from({ length: Math.max(1, Math.round(nodes.length * share)) }, () => way));
  const chosen = random.sample(
    standing.filter((node) => node.depth >= 3),
    ways.length,
  );
  chosen.forEach((node, index) => reorganised[ways[index] as Reorganisation](node, node.states[0] as UnitState));
}

function plannedUnit(node: Node): PlannedUnit {
  const first = node.states[0] as UnitState;
  const last = node.states.at(-1) as UnitState;
  return {
    uuid: node.uuid,
    depth: node.depth,
    jobs: node.depth <= 2 || !node.area ? directionJobs : node.area.jobs,
    from: first.from,
    to: last.to,
    versions: node.states.map((state) => ({
      from: dayString(state.from),
      to: state.to === null ? null : dayString(state.to),
      name: state.name,
      user_key: node.userKey,
      parent: state.parent?.uuid ?? null,
      level: node.level,
    })),
  };
}
