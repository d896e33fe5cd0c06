/**
 * DAR addresses of units: LoRa holds only `urn:dar:<uuid>`; MO's name and
 * resolved fields come from MO's own answer for the same address.
 */
import { dayOf } from '../../export/validity.js';
import type { DarAnswer, UnitAddress, UnitAddressVersion, UnitObject } from './shapes.js';

/** The address uuids (the Adresse functions' ids) of the units' DAR addresses, each once. */
export function darAddressUuids(units: readonly UnitObject[]): string[] {
  const uuids = new Set<string>();
  for (const unit of units) {
    for (const version of unit.validities) for (const address of version.addresses_response.objects) uuids.add(address.uuid);
  }
  return [...uuids].sort();
}

type Validity = { from: string; to: string | null };

/** MO's version of the address valid on our version's first day (else the first that overlaps it). */
function matchingVersion(ours: Validity, theirs: DarAnswer['validities']): DarAnswer['validities'][number] | undefined {
  const start = dayOf(ours.from);
  const end = ours.to === null ? null : dayOf(ours.to);
  const contains = (v: Validity) => dayOf(v.from) <= start && (v.to === null || dayOf(v.to) >= start);
  const overlaps = (v: Validity) => (end === null || dayOf(v.from) <= end) && (v.to === null || dayOf(v.to) >= start);
  return theirs.find((v) => contains(v.validity)) ?? theirs.find((v) => overlaps(v.validity));
}

function resolvedVersion(version: UnitAddressVersion, answer: DarAnswer | undefined): UnitAddressVersion {
  const match = answer && matchingVersion(version.validity, answer.validities);
  return match ? { ...version, name: match.name, resolve: match.resolve } : version;
}

/**
 * The units with MO's name and resolve filled in from `answers` (address
 * uuid → MO's answer). `unresolved` counts the addresses MO did not know
 * (no answer, or no version of MO's covering ours): those keep `name: null,
 * resolve: {}`.
 */
export function withResolvedDar(units: readonly UnitObject[], answers: ReadonlyMap<string, DarAnswer>): { units: UnitObject[]; unresolved: number } {
  const unresolved = new Set<string>();
  const resolveAddress = (address: UnitAddress): UnitAddress => {
    const validities = address.validities.map((version) => resolvedVersion(version, answers.get(address.uuid)));
    if (validities.some((version, i) => version === address.validities[i])) unresolved.add(address.uuid);
    return { uuid: address.uuid, validities };
  };
  const resolved = units.map((unit) => ({
    uuid: unit.uuid,
    validities: unit.validities.map((version) => ({
      ...version,
      addresses_response: { objects: version.addresses_response.objects.map(resolveAddress) },
    })),
  }));
  return { units: resolved, unresolved: unresolved.size };
}
