/** The job-function classes as MO's JobFunctions document answers them. */
import { compareCodePoints } from '../../util/order.js';
import type { ClassCatalogue } from './classes.js';
import type { JobFunctionObject } from './shapes.js';
import { openValidityText, reaches, type Day } from './time.js';

export const jobFunctionFacet = 'engagement_job_function';

/**
 * Classes of the facet `engagement_job_function` with a version from today
 * on, each with those versions. Classes have an open validity: a class
 * valid from `-infinity` to `infinity` has `{from: null, to: null}`.
 */
export function translateJobFunctions(classes: ClassCatalogue, today: Day): JobFunctionObject[] {
  const objects: JobFunctionObject[] = [];
  for (const uuid of classes.uuids()) {
    const versions = classes.versions(uuid).filter((v) => reaches(v, today));
    if (!versions.some((v) => v.facts.facet === jobFunctionFacet)) continue;
    objects.push({
      uuid,
      validities: versions.map((v) => ({ name: v.facts.name, validity: openValidityText(v) })),
    });
  }
  return objects.sort((a, b) => compareCodePoints(a.uuid, b.uuid));
}
