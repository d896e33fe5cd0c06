/** LoRa's bruger objects as MO's Persons document answers them. */
import type { LoraObject } from '../wire.js';
import type { AddressIndex } from './addresses.js';
import type { Version } from './effects.js';
import type { SharedValues } from './shared.js';
import type { PersonObject, PersonVersionOut } from './shapes.js';
import type { Day } from './time.js';
import { timelineOf, translateTimeline } from './timelines.js';
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

/** A person version before its addresses are known (the address walk runs alongside the persons'). */
export type PersonVersionFacts = Omit<PersonVersionOut, 'addresses_response'>;

export interface PersonFacts {
  uuid: string;
  validities: PersonVersionFacts[];
}

function personVersion(version: Version, shared: SharedValues): PersonVersionFacts {
  return {
    cpr_number: cprOf(urnsOf(version.values, 'tilknyttedepersoner')),
    name: personName(field(version.values, 'brugerudvidelser', 'fornavn'), field(version.values, 'brugerudvidelser', 'efternavn')),
    validity: shared.openValidity(version),
  };
}

/** The person's versions from today on, or undefined when MO would not answer the person. */
export function readPerson(person: LoraObject, today: Day, shared: SharedValues): PersonFacts | undefined {
  return translateTimeline(timelineOf(person, today), (version) => personVersion(version, shared));
}

/** The person as MO answers it, with its EMAIL and PHONE addresses. */
export function withAddresses(person: PersonFacts, addresses: AddressIndex): PersonObject {
  // The nested filter does not depend on the version: every version carries the person's same addresses.
  const addresses_response = { objects: addresses.persons.get(person.uuid) ?? [] };
  // Field by field: a spread would give every version a hidden class of its own (some 150 bytes each).
  const validities = person.validities.map(({ cpr_number, name, validity }) => ({ cpr_number, name, validity, addresses_response }));
  return { uuid: person.uuid, validities };
}
