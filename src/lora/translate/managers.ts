/** Manager functions (funktionsnavn Leder) as MO's Managers document answers them. */
import type { LoraObject } from '../wire.js';
import type { ClassCatalogue } from './classes.js';
import type { Version } from './effects.js';
import type { ManagerObject, ManagerVersionOut } from './shapes.js';
import { validityText, type Day } from './time.js';
import { timelinesOf, translateTimelines } from './timelines.js';
import { related, relatedAll } from './values.js';

/** One version: vacant (no person) when `tilknyttedebrugere` is empty; without a unit it is left out. */
function managerVersion(version: Version, classes: ClassCatalogue): ManagerVersionOut | undefined {
  const unit = related(version.values, 'tilknyttedeenheder');
  if (unit === undefined) return undefined;
  const person = related(version.values, 'tilknyttedebrugere');
  const responsibilities = relatedAll(version.values, 'opgaver', 'lederansvar').map((uuid) => {
    const current = classes.current(uuid);
    return { uuid, current: current && { name: current.name } };
  });
  return {
    validity: validityText(version),
    person_response: person === undefined ? null : { uuid: person },
    org_unit_response: { uuid: unit },
    responsibilities_response: { objects: responsibilities },
  };
}

export function translateManagers(managers: readonly LoraObject[], classes: ClassCatalogue, today: Day): ManagerObject[] {
  return translateTimelines(timelinesOf(managers, today), (version) => managerVersion(version, classes));
}
