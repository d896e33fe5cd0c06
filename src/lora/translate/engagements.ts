/** Engagement functions (funktionsnavn Engagement) as MO's Engagements document answers them. */
import type { LoraObject } from '../wire.js';
import type { ClassCatalogue } from './classes.js';
import type { Version } from './effects.js';
import type { SharedValues } from './shared.js';
import type { EngagementObject, EngagementVersionOut } from './shapes.js';
import type { Day } from './time.js';
import { readVersions, timelineOf, type Timeline } from './timelines.js';
import { field, related } from './values.js';

export interface EngagementContext {
  today: Day;
  /** The allowed engagement types. */
  allowed: ReadonlySet<string>;
  withHistory: boolean;
  classes: ClassCatalogue;
  shared: SharedValues;
}

const typeList = 'organisatoriskfunktionstype';
type ExtensionNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;
type Extensions = Pick<EngagementVersionOut, `extension_${ExtensionNumber}`>;

/** MO's rule: primary when the primary class's scope is an integer of at least 3000. */
export function isPrimaryScope(scope: string | null | undefined): boolean {
  return scope != null && /^-?\d+$/.test(scope) && Number(scope) >= 3000;
}

function extensionsOf(version: Version): Extensions {
  const read = (n: ExtensionNumber) => field(version.values, 'organisationfunktionudvidelser', `udvidelse_${n}`) ?? null;
  return {
    extension_1: read(1),
    extension_2: read(2),
    extension_3: read(3),
    extension_4: read(4),
    extension_5: read(5),
    extension_6: read(6),
    extension_7: read(7),
    extension_8: read(8),
    extension_9: read(9),
    extension_10: read(10),
  };
}

/** One version; a version without its type, job function, unit or person has nothing MO could answer and is left out. */
function engagementVersion(version: Version, uuid: string, context: EngagementContext): EngagementVersionOut | undefined {
  const type = related(version.values, typeList);
  const jobFunction = related(version.values, 'opgaver');
  const unit = related(version.values, 'tilknyttedeenheder');
  const person = related(version.values, 'tilknyttedebrugere');
  if (type === undefined || jobFunction === undefined || unit === undefined || person === undefined) return undefined;
  const primary = related(version.values, 'primær');
  const { classes, shared } = context;
  return {
    is_primary: primary !== undefined && isPrimaryScope(classes.facts(primary)?.scope),
    ...extensionsOf(version),
    validity: shared.validity(version),
    job_function_response: shared.reference(jobFunction),
    engagement_type_response: shared.classRef(type),
    org_unit_response: shared.reference(unit),
    person_response: shared.reference(person),
  };
}

/** MO's `engagement_type: {uuids}` filter: the type is allowed in some version from today on. */
const hasAllowedType = (timeline: Timeline, allowed: ReadonlySet<string>): boolean =>
  timeline.fromToday.some((version) => allowed.has(related(version.values, typeList) ?? ''));

/** The engagement as MO answers it, or undefined when MO's filters leave it out. */
export function translateEngagement(engagement: LoraObject, context: EngagementContext): EngagementObject | undefined {
  const timeline = timelineOf(engagement, context.today);
  if (timeline === undefined || !hasAllowedType(timeline, context.allowed)) return undefined;
  const validities = readVersions(timeline.fromToday, (v) => engagementVersion(v, timeline.uuid, context));
  if (validities.length === 0) return undefined;
  // `history` is there only when asked for (@include(if: $withHistory)): every version over the whole history LoRa gave.
  const history = context.withHistory ? { history: timeline.all.map((v) => context.shared.historyEntry(v.from)) } : {};
  return { uuid: timeline.uuid, validities, ...history };
}
