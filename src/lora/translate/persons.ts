/** LoRa's bruger objects as MO's Persons document answers them. */
import type { LoraObject } from '../wire.js';
import type { AddressIndex } from './addresses.js';
import type { Version } from './effects.js';
import type { PersonObject, PersonVersionOut } from './shapes.js';
import { openValidityText, type Day } from './time.js';
import { timelinesOf, translateTimelines } from './timelines.js';
import { field, urnsOf } from './values.js';

const cprUrn = /^urn:dk:cpr:person:(\d{10})$/;

/** The CPR number of `tilknyttedepersoner` (`urn:dk:cpr:person:<10 digits>`), or null. */
export function cprOf(urns: readonly string[]): string | null {
  for (const urn of urns) {
    const match = cprUrn.exec(urn);
    if (match) return match[1] ?? null;
  }
  return null;
}

/** MO's `name`: given name and surname joined by a space, either alone when the other is empty. */
export function personName(givenName: string | undefined, surname: string | undefined): string {
  return [givenName, surname]
    .map((part) => (part ?? '').trim())
    .filter((part) => part !== '')
    .join(' ');
}

function personVersion(version: Version, addresses: PersonVersionOut['addresses_response']): PersonVersionOut {
  return {
    cpr_number: cprOf(urnsOf(version.values, 'tilknyttedepersoner')),
    name: personName(field(version.values, 'brugerudvidelser', 'fornavn'), field(version.values, 'brugerudvidelser', 'efternavn')),
    validity: openValidityText(version),
    // The nested filter does not depend on the version: every version carries the person's same addresses.
    addresses_response: addresses,
  };
}

export function translatePersons(persons: readonly LoraObject[], addresses: AddressIndex, today: Day): PersonObject[] {
  return translateTimelines(timelinesOf(persons, today), (version, uuid) =>
    personVersion(version, { objects: addresses.persons.get(uuid) ?? [] }),
  );
}
