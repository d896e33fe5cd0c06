/** Manager functions (funktionsnavn Leder) as MO's Managers document answers them. */
import type { LoraObject } from '../wire.js';
import type { Version } from './effects.js';
import type { SharedValues } from './shared.js';
import type { ManagerObject, ManagerVersionOut } from './shapes.js';
import type { Day } from './time.js';
import { timelineOf, translateTimeline } from './timelines.js';
import { related, relatedAll } from './values.js';

/** One version: vacant (no person) when `tilknyttedebrugere` is empty; without a unit it is left out. */
function managerVersion(version: Version, shared: SharedValues): ManagerVersionOut | undefined {
  const unit = related(version.values, 'tilknyttedeenheder');
  if (unit === undefined) return undefined;
  const person = related(version.values, 'tilknyttedebrugere');
  return {
    validity: shared.validity(version),
    person_response: person === undefined ? null : shared.reference(person),
    org_unit_response: shared.reference(unit),
    responsibilities_response: { objects: relatedAll(version.values, 'opgaver', 'lederansvar').map(shared.classRef) },
  };
}

/** The manager role as MO answers it, or undefined when MO would not (no version from today on with a unit). */
export function translateManager(manager: LoraObject, today: Day, shared: SharedValues): ManagerObject | undefined {
  return translateTimeline(timelineOf(manager, today), (version) => managerVersion(version, shared));
}
