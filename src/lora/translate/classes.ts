/** MO's classification from LoRa's klasse and facet objects: what a class reference's `current` answers. */
import type { LoraObject } from '../wire.js';
import { versionsOf, type Version } from './effects.js';
import type { Day, Span } from './time.js';
import { field, related } from './values.js';

export interface ClassFacts {
  /** `titel` */
  name: string;
  /** `brugervendtnoegle` */
  userKey: string;
  /** `omfang` */
  scope: string | null;
  /** The facet's `brugervendtnoegle`, when the facet is known. */
  facet: string | null;
}

export interface ClassVersion extends Span {
  facts: ClassFacts;
}

export interface ClassCatalogue {
  /** MO's `current(at: today)`: the class's version valid today, or null (unknown class, or not valid today). */
  current(uuid: string): ClassFacts | null;
  /** The version valid today, else the nearest one (the first from today on, else the last): for facts MO reads regardless of dates. */
  facts(uuid: string): ClassFacts | null;
  versions(uuid: string): readonly ClassVersion[];
  uuids(): Iterable<string>;
}

const validOn = (span: Span, day: Day): boolean => span.from <= day && day < span.to;

/** Facet uuid → its user key (brugervendtnoegle), as valid today or else at any time. */
function facetKeys(facets: readonly LoraObject[], today: Day): Map<string, string> {
  const keys = new Map<string, string>();
  for (const facet of facets) {
    const versions = versionsOf(facet);
    const version = versions.find((v) => validOn(v, today)) ?? versions.at(-1);
    const key = version && field(version.values, 'facetegenskaber', 'brugervendtnoegle');
    if (key !== undefined) keys.set(facet.id, key);
  }
  return keys;
}

function factsOf(version: Version, facets: ReadonlyMap<string, string>): ClassFacts {
  const facet = related(version.values, 'facet');
  return {
    name: field(version.values, 'klasseegenskaber', 'titel') ?? '',
    userKey: field(version.values, 'klasseegenskaber', 'brugervendtnoegle') ?? '',
    scope: field(version.values, 'klasseegenskaber', 'omfang') ?? null,
    facet: facet === undefined ? null : (facets.get(facet) ?? null),
  };
}

export function classCatalogue(classes: readonly LoraObject[], facets: readonly LoraObject[], today: Day): ClassCatalogue {
  const keys = facetKeys(facets, today);
  const byUuid = new Map<string, ClassVersion[]>();
  for (const cls of classes) {
    byUuid.set(
      cls.id,
      versionsOf(cls).map((version) => ({ from: version.from, to: version.to, facts: factsOf(version, keys) })),
    );
  }
  const versions = (uuid: string): readonly ClassVersion[] => byUuid.get(uuid) ?? [];
  const current = (uuid: string): ClassFacts | null => versions(uuid).find((v) => validOn(v, today))?.facts ?? null;
  return {
    current,
    facts: (uuid) => current(uuid) ?? (versions(uuid).find((v) => v.from > today) ?? versions(uuid).at(-1))?.facts ?? null,
    versions,
    uuids: () => byUuid.keys(),
  };
}
