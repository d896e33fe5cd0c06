import type { DarFieldsFragment } from '../generated/graphql.js';
import type { ClassRef, PersonAddressVersion } from '../snapshot.js';

/** A class reference as far as chosenAddress reads it: its uuid and today's scope. */
type ScopedRef = Pick<ClassRef, 'uuid'> & { current: Pick<NonNullable<ClassRef['current']>, 'scope'> | null };

/** What chosenAddress reads of a person's address version (graphql/persons.graphql, PersonAddressVersion). */
export type AddressChoice = Pick<PersonAddressVersion, 'value'> & { address_type_response: ScopedRef; visibility_response: ScopedRef | null };
import { compareCodePoints } from '../util/order.js';
import { activeVersion, type MoValidity } from './validity.js';

interface AddressObject<V> {
  uuid: string;
  validities: readonly V[];
}

/** The active version of each address, with its address's UUID. */
export function activeAddresses<V extends { validity: MoValidity }>(objects: readonly AddressObject<V>[], today: string): { uuid: string; version: V }[] {
  const found: { uuid: string; version: V }[] = [];
  for (const object of objects) {
    const version = activeVersion(object.validities, today);
    if (version) found.push({ uuid: object.uuid, version });
  }
  return found;
}

/**
 * The person's e-mail or phone for bruger.csv: among active addresses of the
 * scope with visibility PUBLIC or none, only the listed types when a
 * priority list is given (earliest-listed type wins), ties to the lowest
 * address UUID.
 */
export function chosenAddress(addresses: readonly { uuid: string; version: AddressChoice }[], scope: 'EMAIL' | 'PHONE', priority: readonly string[]): string {
  const rank = (type: string) => (priority.length === 0 ? 0 : priority.indexOf(type));
  let best: { uuid: string; rank: number; value: string } | undefined;
  for (const { uuid, version } of addresses) {
    if (version.address_type_response.current?.scope !== scope) continue;
    const visibility = version.visibility_response;
    if (visibility !== null && visibility.current?.scope !== 'PUBLIC') continue;
    const r = rank(version.address_type_response.uuid);
    if (r < 0) continue;
    if (!best || r < best.rank || (r === best.rank && compareCodePoints(uuid, best.uuid) < 0)) best = { uuid, rank: r, value: version.value };
  }
  return best?.value ?? '';
}

export interface PostalAddress {
  Gade: string;
  Postnr: string;
  By: string;
}

export const noAddress: PostalAddress = { Gade: '', Postnr: '', By: '' };

/** MO's DAR fields of a unit address (graphql/dar_addresses.graphql); none when its `resolve` is no DARAddress. */
export type DarFields = Partial<DarFieldsFragment>;

/** Gade as DAR writes it: `Søndersøvej 2, 1. th`; a door without a floor: `Søndersøvej 2, th`. */
export function streetOf(dar: Pick<DarFieldsFragment, 'road_name' | 'house_number'> & Partial<DarFieldsFragment>): string {
  const floor = dar.floor ? `, ${dar.floor}.` : '';
  const door = dar.door ? (dar.floor ? ` ${dar.door}` : `, ${dar.door}`) : '';
  return `${dar.road_name} ${dar.house_number}${floor}${door}`;
}

const postalLine = /^(\d{4}) (.+)$/;

/** A unit's postal address: MO's resolved DAR fields when present, else its text split at the last comma. */
export function postalAddressOf(resolved: DarFields, text: string | null): PostalAddress {
  if (resolved.road_name !== undefined && resolved.house_number !== undefined) {
    return {
      Gade: streetOf({ ...resolved, road_name: resolved.road_name, house_number: resolved.house_number }),
      Postnr: resolved.zip_code ?? '',
      By: resolved.zip_code_name ?? '',
    };
  }
  if (!text) return noAddress;
  const comma = text.lastIndexOf(',');
  const match = comma < 0 ? null : postalLine.exec(text.slice(comma + 1).trim());
  const street = text.slice(0, comma).trim();
  if (!match || street === '') return noAddress;
  // Stryker disable next-line StringLiteral: both groups always take part in a match
  return { Gade: street, Postnr: match[1] ?? '', By: (match[2] ?? '').trim() };
}
