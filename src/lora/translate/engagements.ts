/** Engagement functions (funktionsnavn Engagement) as MO's Engagements document answers them. */
import type { LoraObject } from '../wire.js';
import type { ClassCatalogue } from './classes.js';
import type { Version } from './effects.js';
import type { EngagementObject, EngagementVersionOut } from './shapes.js';
import { fromText, validityText, type Day } from './time.js';
import { timelinesOf, type Timeline } from './timelines.js';
import { field, related } from './values.js';

export interface EngagementContext {
  today: Day;
  engagementTypes: readonly string[];
  withHistory: boolean;
  classes: ClassCatalogue;
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
function engagementVersion(version: Version, uuid: string, classes: ClassCatalogue): EngagementVersionOut | undefined {
  const type = related(version.values, typeList);
  const jobFunction = related(version.values, 'opgaver');
  const unit = related(version.values, 'tilknyttedeenheder');
  const person = related(version.values, 'tilknyttedebrugere');
  if (type === undefined || jobFunction === undefined || unit === undefined || person === undefined) return undefined;
  const primary = related(version.values, 'primær');
  const typeClass = classes.current(type);
  return {
    user_key: field(version.values, 'organisationfunktionegenskaber', 'brugervendtnoegle') ?? uuid,
    is_primary: primary !== undefined && isPrimaryScope(classes.facts(primary)?.scope),
    ...extensionsOf(version),
    validity: validityText(version),
    job_function_response: { uuid: jobFunction },
    engagement_type_response: { uuid: type, current: typeClass && { name: typeClass.name } },
    org_unit_response: { uuid: unit },
    person_response: { uuid: person },
  };
}

/** MO's `engagement_type: {uuids}` filter: the type is allowed in some version from today on. */
const hasAllowedType = (timeline: Timeline, allowed: ReadonlySet<string>): boolean =>
  timeline.fromToday.some((version) => allowed.has(related(version.values, typeList) ?? ''));

export function translateEngagements(engagements: readonly LoraObject[], context: EngagementContext): EngagementObject[] {
  const allowed = new Set(context.engagementTypes);
  const objects: EngagementObject[] = [];
  for (const timeline of timelinesOf(engagements, context.today)) {
    if (!hasAllowedType(timeline, allowed)) continue;
    const validities = timeline.fromToday.map((v) => engagementVersion(v, timeline.uuid, context.classes)).filter((v) => v !== undefined);
    if (validities.length === 0) continue;
    // `history` is there only when asked for (@include(if: $withHistory)): every version over the whole history LoRa gave.
    const history = context.withHistory ? { history: timeline.all.map((v) => ({ validity: { from: fromText(v.from) } })) } : {};
    objects.push({ uuid: timeline.uuid, validities, ...history });
  }
  return objects;
}
