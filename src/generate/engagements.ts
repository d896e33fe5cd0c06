import type { EngagementVersion, ExtensionNumber, Temporal } from '../dataset/format.js';
import { generalJobs, traineeJobs } from './areas.js';
import type { Classification } from './classes.js';
import { dayString, firstOfNextMonth, type DayNumber } from './days.js';
import type { PlannedPerson } from './persons.js';
import { weightedPicker, weightsOf, type Random, type Weighted } from './random.js';
import type { PlannedUnit, UnitTree } from './tree.js';

export interface EngagementOptions {
  persons: readonly PlannedPerson[];
  tree: UnitTree;
  classification: Classification;
  today: DayNumber;
}

export interface Staffing {
  engagements: Temporal<EngagementVersion>[];
  /** Persons with an engagement active today, by the unit it is in. */
  staffByUnit: ReadonlyMap<string, readonly PlannedPerson[]>;
  /** Persons with an engagement active today. */
  staff: readonly PlannedPerson[];
  /** First day of each person's earliest engagement. */
  firstStart: ReadonlyMap<PlannedPerson, DayNumber>;
}

/** How an engagement lives in time, relative to today. */
type Timeline = 'current' | 'fixed-term' | 'ended' | 'ended-with-unit' | 'future' | 'in-future-unit' | 'changes-next-month' | 'changed-in-past' | 'gap';

const timelines = weightsOf<Timeline>({
  current: 70,
  'fixed-term': 4,
  ended: 7,
  'ended-with-unit': 2,
  future: 4,
  'in-future-unit': 1.5,
  'changes-next-month': 4,
  'changed-in-past': 6,
  gap: 1.5,
});

/** What differs between the two versions of an engagement that changes. */
type Change = 'unit' | 'job' | 'title' | 'pay';

const changes = weightsOf<Change>({ unit: 4, job: 3, title: 2, pay: 1 });

/** About 1.2 engagements per person; a few persons have none. */
const engagementsPerPerson: readonly Weighted<number>[] = [
  [0, 1],
  [1, 80],
  [2, 15],
  [3, 4],
];

const engagementTypes: readonly Weighted<string>[] = [
  ['månedsløn', 66],
  ['timeløn', 22],
  ['vikar', 5],
  ['elev', 4],
  ['frivillig', 3],
];

/** Where staff work: mostly in institutions and the SD-style units below them. */
const weightByDepth: readonly number[] = [0, 0.3, 0.5, 2, 5, 5, 4];

type SinglePrimaryPattern = 'primary' | 'explicit' | 'non-primary' | 'unset';
type SeveralPrimaryPattern = 'one' | 'none' | 'two';
type PrimaryPattern = SinglePrimaryPattern | SeveralPrimaryPattern;

const singlePrimaryPatterns = weightsOf<SinglePrimaryPattern>({ primary: 80, explicit: 3, 'non-primary': 10, unset: 7 });
const severalPrimaryPatterns = weightsOf<SeveralPrimaryPattern>({ one: 80, none: 10, two: 10 });

const specialisedTitles: readonly string[] = [
  'Faglig koordinator',
  'Teamkoordinator',
  'Praktikvejleder',
  'Ressourceperson',
  'Specialist',
  'Arbejdsmiljørepræsentant',
  'Tillidsrepræsentant',
  'Udviklingskonsulent',
  'Kvalitetskoordinator',
  'Klinisk vejleder',
];

const titleQualifiers: readonly string[] = ['med særlige opgaver', 'på specialområdet', 'med koordinerende funktion', 'i nattevagt', 'med vejlederfunktion'];

/** How often each extension field is set, and with what. */
const extensionRules: readonly (readonly [ExtensionNumber, number, 'title' | 'cost-centre'])[] = [
  [1, 0.1, 'title'],
  [2, 0.15, 'title'],
  [3, 0.1, 'title'],
  [7, 0.03, 'cost-centre'],
];

interface Segment {
  from: DayNumber;
  to: DayNumber | null;
  unit: PlannedUnit;
}

interface Attributes {
  unit: string;
  job: string;
  type: string;
  extensions: Partial<Record<`${ExtensionNumber}`, string>>;
}

interface Draft {
  uuid: string;
  userKey: string;
  segments: Segment[];
  attributes: Attributes[];
}

/**
 * Engagements of every kind the exporter must tell apart: active, ended,
 * future, fixed-term, changing next month or changed in the past, with a
 * gap, in closed units and in units that only start in the future; with
 * zero, one or two primaries per person.
 */
export function buildEngagements(random: Random, options: EngagementOptions): Staffing {
  const { today, classification, tree } = options;
  const pickStanding = weightedPicker(tree.standing, (unit) => weightByDepth[unit.depth] ?? 1);
  const context: EngagementContext = {
    random,
    today,
    nextMonth: firstOfNextMonth(today),
    pickStanding: () => pickStanding(random),
    ended: tree.ended,
    future: tree.future,
    jobName: (key) => classification.byKey('engagement_job_function', key).name,
  };
  const primaryClass = (key: string): string => classification.byKey('primary_type', key).uuid;
  const primaries = {
    primary: primaryClass('primary'),
    explicit: primaryClass('explicitly-primary'),
    nonPrimary: primaryClass('non-primary'),
  };

  const engagements: Temporal<EngagementVersion>[] = [];
  const index = staffIndex(today);
  for (const person of options.persons) {
    const drafts = Array.from({ length: random.weighted(engagementsPerPerson) }, () => draftEngagement(context, person));
    const primaryOf = choosePrimaries(random, drafts.length, primaries);
    drafts.forEach((draft, i) => {
      engagements.push({ uuid: draft.uuid, versions: engagementVersions(draft, person, primaryOf[i] ?? null, classification) });
      index.add(person, draft.segments);
    });
  }
  return { engagements, ...index.staffing() };
}

/** Who works where today, and since when each person works here; persons are added in order. */
function staffIndex(today: DayNumber): {
  add(person: PlannedPerson, segments: readonly Segment[]): void;
  staffing(): Omit<Staffing, 'engagements'>;
} {
  const staffByUnit = new Map<string, PlannedPerson[]>();
  const staff: PlannedPerson[] = [];
  const firstStart = new Map<PlannedPerson, DayNumber>();
  return {
    add(person, segments) {
      for (const segment of segments) {
        firstStart.set(person, Math.min(segment.from, firstStart.get(person) ?? segment.from));
        if (segment.from > today || (segment.to !== null && segment.to < today)) continue;
        const unitStaff = staffByUnit.get(segment.unit.uuid) ?? [];
        unitStaff.push(person);
        staffByUnit.set(segment.unit.uuid, unitStaff);
        if (staff.at(-1) !== person) staff.push(person);
      }
    },
    staffing: () => ({ staffByUnit, staff, firstStart }),
  };
}

interface EngagementContext {
  random: Random;
  today: DayNumber;
  nextMonth: DayNumber;
  pickStanding: () => PlannedUnit;
  ended: readonly PlannedUnit[];
  future: readonly PlannedUnit[];
  jobName: (key: string) => string;
}

function draftEngagement(ctx: EngagementContext, person: PlannedPerson): Draft {
  const { random } = ctx;
  const timeline = random.weighted(timelines);
  const change = random.weighted(changes);
  const segments = timelineSegments(ctx, timeline, person, change === 'unit');
  const first = baseAttributes(ctx, (segments[0] as Segment).unit);
  const attributes = segments.map((segment, index) => (index === 0 ? first : changedAttributes(ctx, first, segment.unit, change)));
  return { uuid: random.uuid(), userKey: String(random.int(10000, 99999)), segments, attributes };
}

/**
 * The validity of each version and its unit. Standing units exist from a
 * month before today on, and persons are adults two years before today, so
 * every start chosen below lies within the unit's and the person's life.
 */
function timelineSegments(ctx: EngagementContext, timeline: Timeline, person: PlannedPerson, newUnit: boolean): Segment[] {
  const { random, today, nextMonth } = ctx;
  const unit = ctx.pickStanding();
  const earliest = Math.max(unit.from, person.adult);
  const secondUnit = newUnit ? ctx.pickStanding() : unit;
  switch (timeline) {
    case 'current':
      return [{ from: random.int(earliest, today), to: null, unit }];
    case 'fixed-term':
      return [{ from: random.int(earliest, today), to: today + random.int(1, 365), unit }];
    case 'ended': {
      const to = random.int(earliest, today - 1);
      return [{ from: random.int(earliest, to), to, unit }];
    }
    case 'ended-with-unit':
      return endedWithUnit(ctx, person) ?? timelineSegments(ctx, 'ended', person, newUnit);
    case 'future': {
      const from = today + random.int(1, 120);
      return [{ from, to: random.chance(0.2) ? from + random.int(30, 365) : null, unit }];
    }
    case 'in-future-unit': {
      if (ctx.future.length === 0) return timelineSegments(ctx, 'future', person, newUnit);
      const futureUnit = random.pick(ctx.future);
      return [{ from: futureUnit.from + (random.chance(0.5) ? 0 : random.int(1, 30)), to: null, unit: futureUnit }];
    }
    case 'changes-next-month':
      return [
        { from: random.int(earliest, today), to: nextMonth - 1, unit },
        { from: nextMonth, to: null, unit: secondUnit },
      ];
    case 'changed-in-past': {
      const from = random.int(earliest, today - 2);
      const changedOn = random.int(Math.max(from + 1, secondUnit.from), today);
      return [
        { from, to: changedOn - 1, unit },
        { from: changedOn, to: null, unit: secondUnit },
      ];
    }
    case 'gap': {
      const firstEnd = today - random.int(1, 30);
      return [
        { from: random.int(earliest, firstEnd), to: firstEnd, unit },
        { from: today + random.int(1, 60), to: null, unit: secondUnit },
      ];
    }
  }
}

/** An engagement that ended with its (closed) unit, or null if the person was too young then. */
function endedWithUnit(ctx: EngagementContext, person: PlannedPerson): Segment[] | null {
  const { random } = ctx;
  if (ctx.ended.length === 0) return null;
  const unit = random.pick(ctx.ended);
  const earliest = Math.max(unit.from, person.adult);
  const last = unit.to;
  if (last === null || earliest > last) return null;
  const to = random.chance(0.7) ? last : random.int(earliest, last);
  return [{ from: random.int(earliest, to), to, unit }];
}

function baseAttributes({ random, jobName }: EngagementContext, unit: PlannedUnit): Attributes {
  const type = random.weighted(engagementTypes);
  const job = type === 'elev' ? random.pick(traineeJobs) : random.chance(0.8) ? random.pick(unit.jobs) : random.pick(generalJobs);
  return { unit: unit.uuid, job, type, extensions: extensionsFor(random, jobName(job)) };
}

/**
 * The second version. Pay changes only between the two usual types: a type
 * turning allowed or not allowed from one version to the next is a case the
 * contract does not settle.
 */
function changedAttributes(ctx: EngagementContext, first: Attributes, unit: PlannedUnit, change: Change): Attributes {
  const { random, jobName } = ctx;
  const otherPay = payChanges[first.type];
  const changed: Record<Change, () => Attributes> = {
    unit: () => ({ ...first, unit: unit.uuid }),
    job: () => ({ ...first, job: otherJob(random, unit, first.job) }),
    title: () => ({ ...first, extensions: { ...first.extensions, '2': titleFor(random, jobName(first.job)) } }),
    pay: () => (otherPay ? { ...first, type: otherPay } : changed.title()),
  };
  return changed[change]();
}

const payChanges: Readonly<Record<string, string>> = { månedsløn: 'timeløn', timeløn: 'månedsløn' };

function otherJob(random: Random, unit: PlannedUnit, job: string): string {
  const others = unit.jobs.filter((other) => other !== job);
  return others.length > 0 ? random.pick(others) : random.pick(generalJobs.filter((other) => other !== job));
}

function extensionsFor(random: Random, jobName: string): Attributes['extensions'] {
  const extensions: Attributes['extensions'] = {};
  for (const [field, share, kind] of extensionRules) {
    if (!random.chance(share)) continue;
    extensions[`${field}`] = kind === 'title' ? titleFor(random, jobName) : `Omk. ${random.int(1000, 9999)}`;
  }
  // an empty extension_2 must count as unset
  if (extensions['2'] === undefined && random.chance(0.01)) extensions['2'] = '';
  return extensions;
}

function titleFor(random: Random, jobName: string): string {
  return random.chance(0.5) ? random.pick(specialisedTitles) : `${jobName} ${random.pick(titleQualifiers)}`;
}

/** The primary class of each of a person's engagements (by index); null: no primary class. */
function choosePrimaries(random: Random, count: number, classes: { primary: string; explicit: string; nonPrimary: string }): (string | null)[] {
  if (count === 0) return [];
  const pattern = random.weighted(count === 1 ? singlePrimaryPatterns : severalPrimaryPatterns);
  const secondary = (): string | null => (random.chance(0.9) ? classes.nonPrimary : null);
  const primary = (): string => (random.chance(0.1) ? classes.explicit : classes.primary);
  const winners = new Set(
    count > 1
      ? random.sample(
          Array.from({ length: count }, (_, index) => index),
          pattern === 'two' ? 2 : 1,
        )
      : [],
  );
  const byPattern: Record<PrimaryPattern, (index: number) => string | null> = {
    primary: () => classes.primary,
    explicit: () => classes.explicit,
    'non-primary': () => classes.nonPrimary,
    unset: () => null,
    one: (index) => (winners.has(index) ? primary() : secondary()),
    two: (index) => (winners.has(index) ? classes.primary : classes.nonPrimary),
    none: () => secondary(),
  };
  return Array.from({ length: count }, (_, index) => byPattern[pattern](index));
}

function engagementVersions(draft: Draft, person: PlannedPerson, primary: string | null, classification: Classification): EngagementVersion[] {
  return draft.segments.map((segment, index) => {
    const attributes = draft.attributes[index] as Attributes;
    const version: EngagementVersion = {
      from: dayString(segment.from),
      to: segment.to === null ? null : dayString(segment.to),
      user_key: draft.userKey,
      person: person.uuid,
      unit: attributes.unit,
      job_function: classification.byKey('engagement_job_function', attributes.job).uuid,
      engagement_type: classification.byKey('engagement_type', attributes.type).uuid,
      primary,
    };
    if (Object.keys(attributes.extensions).length > 0) version.extensions = { ...attributes.extensions };
    return version;
  });
}
